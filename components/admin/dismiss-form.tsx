"use client";
import { useActionState } from "react";
import { dismissAction, restoreAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { buttonClass } from "@/components/data-table/filter-controls";

/** Administrators only: set a quarantined delivery aside, saying why. */
export function DismissForm({ deliveryId }: { deliveryId: string }) {
  const [state, action, pending] = useActionState(dismissAction, {});
  return (
    <form action={action} className="mt-3 flex flex-wrap items-end gap-2 border-t border-red-200 pt-3">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <label className="text-xs font-medium text-red-900">
        Not worth reprocessing? Why (kept in the audit log)
        <input
          name="reason"
          required
          minLength={3}
          maxLength={500}
          placeholder="e.g. the CRM's test message, confirmed with their support"
          className="mt-0.5 block w-[28rem] max-w-full rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
        />
      </label>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Dismissing…" : "Dismiss"}
      </button>
      {state.error ? (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}

/** Administrators only: undo a dismissal. */
export function RestoreButton({ deliveryId }: { deliveryId: string }) {
  const [state, action, pending] = useActionState(restoreAction, {});
  return (
    <form action={action} className="mt-2 flex flex-wrap items-center gap-2">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" disabled={pending} className={buttonClass}>
        Put back into quarantine
      </button>
      {state.error ? (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      ) : null}
    </form>
  );
}
