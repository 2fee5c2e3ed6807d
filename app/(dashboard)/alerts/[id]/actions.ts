"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type AlertChange, acknowledgeAlert, assignAlert, resolveAlert } from "@/lib/alerts/lifecycle";
import { staffForAction } from "@/lib/auth/session";

/** Failures stay on the form; a done action redirects to the alert's page, which says what happened. */
export type AlertActionState = { error?: string };

const alertId = z.string().regex(/^\d{1,18}$/);
const note = z.string().trim().max(1_000, "At most 1000 characters.");

function showResult(id: string, action: "acknowledged" | "assigned" | "resolved", result: AlertChange): AlertActionState {
  if (result.outcome === "not_found") return { error: "No such alert." };
  if (result.outcome === "already_resolved") return { error: "This alert is already resolved." };
  if (result.outcome === "unknown_staff") return { error: "No active staff member has that e-mail." };
  if (result.outcome === "forbidden") return { error: "Only administrators assign alerts to someone else; take it yourself instead." };
  revalidatePath(`/alerts/${id}`);
  revalidatePath("/alerts");
  redirect(`/alerts/${id}?done=${action}`);
}

export async function acknowledgeAction(_previous: AlertActionState, form: FormData): Promise<AlertActionState> {
  const staff = await staffForAction("viewer");
  if (!staff) return { error: "Log in again to handle alerts." };
  const input = z.object({ alertId, note }).safeParse({ alertId: form.get("alertId"), note: form.get("note") ?? "" });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Check the form." };
  return showResult(input.data.alertId, "acknowledged", await acknowledgeAlert(staff, input.data.alertId, input.data.note));
}

export async function assignAction(_previous: AlertActionState, form: FormData): Promise<AlertActionState> {
  const staff = await staffForAction("viewer");
  if (!staff) return { error: "Log in again to handle alerts." };
  const input = z
    .object({ alertId, assignee: z.string().trim().max(320) })
    .safeParse({ alertId: form.get("alertId"), assignee: form.get("assignee") ?? "" });
  if (!input.success) return { error: "Choose a staff member." };
  return showResult(input.data.alertId, "assigned", await assignAlert(staff, input.data.alertId, input.data.assignee || null));
}

export async function resolveAction(_previous: AlertActionState, form: FormData): Promise<AlertActionState> {
  const staff = await staffForAction("viewer");
  if (!staff) return { error: "Log in again to handle alerts." };
  const input = z
    .object({ alertId, note: note.min(3, "Say how it was resolved, in a few words.") })
    .safeParse({ alertId: form.get("alertId"), note: form.get("note") ?? "" });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Check the form." };
  return showResult(input.data.alertId, "resolved", await resolveAlert(staff, input.data.alertId, input.data.note));
}
