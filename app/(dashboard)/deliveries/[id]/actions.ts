"use server";
import { revalidatePath } from "next/cache";
import { staffForAction } from "@/lib/auth/session";
import { type ReprocessResult, reprocessDelivery } from "@/lib/ingest/reprocess-delivery";

export type ReprocessState = { error?: string; result?: ReprocessResult };

export async function reprocessAction(_previous: ReprocessState, form: FormData): Promise<ReprocessState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: "Only administrators can reprocess deliveries." };
  const deliveryId = String(form.get("deliveryId") ?? "");
  if (!/^\d{1,18}$/.test(deliveryId)) return { error: "No such delivery." };
  const result = await reprocessDelivery(actor, deliveryId);
  revalidatePath(`/deliveries/${deliveryId}`);
  return { result };
}
