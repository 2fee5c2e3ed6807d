"use client";
import { useActionState } from "react";
import { reprocessAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { buttonClass } from "@/components/data-table/filter-controls";

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
    </form>
  );
}
