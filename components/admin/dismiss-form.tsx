"use client";
import { dismissAction, restoreAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { ActionForm } from "@/components/action-form";

/** Administrators only: set a quarantined delivery aside, saying why. */
export function DismissForm({ deliveryId }: { deliveryId: string }) {
  return (
    <ActionForm
      action={dismissAction}
      hidden={{ deliveryId }}
      label="Dismiss"
      pendingLabel="Dismissing…"
      className="mt-3 flex flex-wrap items-end gap-2 border-t border-red-200 pt-3"
    >
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
    </ActionForm>
  );
}

/** Administrators only: undo a dismissal. */
export function RestoreButton({ deliveryId }: { deliveryId: string }) {
  return (
    <ActionForm
      action={restoreAction}
      hidden={{ deliveryId }}
      label="Put back into quarantine"
      className="mt-2 flex flex-wrap items-center gap-2"
    />
  );
}
