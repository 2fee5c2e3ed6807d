"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { staffForAction } from "@/lib/auth/session";
import { type DismissResult, dismissDelivery, restoreDelivery } from "@/lib/ingest/dismiss-delivery";
import { type ReprocessResult, reprocessDelivery } from "@/lib/ingest/reprocess-delivery";

/** Failures stay on the form; a done action redirects to the delivery's page, which says what happened. */
export type ReprocessState = { error?: string };
export type DismissState = { error?: string };

function showResult(id: string, result: ReprocessResult | DismissResult): never {
  revalidatePath(`/deliveries/${id}`);
  revalidatePath("/deliveries");
  redirect(`/deliveries/${id}?done=${result.outcome}`);
}

const deliveryId = z.string().regex(/^\d{1,18}$/);
const FORBIDDEN = "Only administrators can change a quarantined delivery.";

export async function reprocessAction(_previous: ReprocessState, form: FormData): Promise<ReprocessState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: "Only administrators can reprocess deliveries." };
  const id = deliveryId.safeParse(form.get("deliveryId"));
  if (!id.success) return { error: "No such delivery." };
  showResult(id.data, await reprocessDelivery(actor, id.data));
}

const dismissal = z.object({
  deliveryId,
  reason: z.string().trim().min(3, "Say why, in a few words.").max(500, "At most 500 characters."),
});

/** Sets a quarantined delivery aside, with the reason (audited; restoreAction undoes it). */
export async function dismissAction(_previous: DismissState, form: FormData): Promise<DismissState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: FORBIDDEN };
  const input = dismissal.safeParse({ deliveryId: form.get("deliveryId"), reason: form.get("reason") });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Say why." };
  showResult(input.data.deliveryId, await dismissDelivery(actor, input.data.deliveryId, input.data.reason));
}

export async function restoreAction(_previous: DismissState, form: FormData): Promise<DismissState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: FORBIDDEN };
  const id = deliveryId.safeParse(form.get("deliveryId"));
  if (!id.success) return { error: "No such delivery." };
  showResult(id.data, await restoreDelivery(actor, id.data));
}
