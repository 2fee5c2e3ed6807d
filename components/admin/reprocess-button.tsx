"use client";
import { useActionState } from "react";
import { reprocessAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { buttonClass } from "@/components/data-table/filter-controls";

const RESULT_TEXT = {
  resolved: "Reprocessed: it passed the current intake and is now stored.",
  duplicate: "Reprocessed: the sender had already delivered it again; recorded as a duplicate.",
  still_quarantined: "Still quarantined with the current intake code; the reasons above are updated.",
  not_quarantined: "This delivery is no longer quarantined.",
} as const;

/** Administrators only: run the stored bytes through the current intake code after a fix. */
export function ReprocessButton({ deliveryId }: { deliveryId: string }) {
  const [state, action, pending] = useActionState(reprocessAction, {});
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <input type="hidden" name="deliveryId" value={deliveryId} />
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Reprocessing…" : "Reprocess with the current intake"}
      </button>
      {state.error ? (
        <span role="alert" className="text-sm text-red-800">
          {state.error}
        </span>
      ) : null}
      {state.result ? (
        <span role="status" className="text-sm text-slate-800">
          {RESULT_TEXT[state.result.outcome]}
        </span>
      ) : null}
    </form>
  );
}
