"use client";
import { reprocessAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { ActionForm } from "@/components/action-form";

/** Administrators only: run the stored bytes through the current intake code after a fix. */
export function ReprocessButton({ deliveryId }: { deliveryId: string }) {
  return (
    <ActionForm action={reprocessAction} hidden={{ deliveryId }} label="Reprocess with the current intake" pendingLabel="Reprocessing…" />
  );
}
