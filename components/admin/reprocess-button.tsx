"use client";
import { reprocessAction } from "@/app/(dashboard)/deliveries/[id]/actions";
import { DeliveryActionForm } from "./delivery-action-form";

/** Administrators only: run the stored bytes through the current intake code after a fix. */
export function ReprocessButton({ deliveryId }: { deliveryId: string }) {
  return (
    <DeliveryActionForm
      action={reprocessAction}
      deliveryId={deliveryId}
      label="Reprocess with the current intake"
      pendingLabel="Reprocessing…"
    />
  );
}
