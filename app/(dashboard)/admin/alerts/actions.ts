"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createChannel, deleteChannel, testChannel, updateChannel, updateRule } from "@/lib/alerts/admin";
import { RULES } from "@/lib/alerts/rules";
import { staffForAction } from "@/lib/auth/session";

/** What each form shows after it ran: an error, a confirmation, or a secret shown this once. */
export type AlertAdminState = { error?: string; done?: string; secret?: string };

const FORBIDDEN = "Only administrators can change alert rules and channels.";
const id = z.string().regex(/^\d{1,18}$/);

export async function saveRuleAction(_previous: AlertAdminState, form: FormData): Promise<AlertAdminState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: FORBIDDEN };
  const rule = RULES.find((candidate) => candidate.id === form.get("ruleId"));
  if (!rule) return { error: "No such rule." };
  const reminder = String(form.get("reminderMinutes") ?? "").trim();
  const result = await updateRule(actor, rule.id, {
    enabled: form.get("enabled") === "on",
    params: Object.fromEntries((rule.params as readonly { key: string }[]).map((param) => [param.key, form.get(param.key)])),
    channelIds: form.getAll("channelIds").map(String),
    reminderMinutes: reminder === "" ? null : Number(reminder),
  });
  if (result.outcome === "invalid") return { error: result.problems.map((problem) => `${problem.param}: ${problem.message}`).join("; ") };
  if (result.outcome === "not_found") return { error: "No such rule." };
  revalidatePath("/admin/alerts");
  return { done: "Saved." };
}

const newChannel = z.object({
  kind: z.enum(["slack", "webhook", "email"]),
  name: z.string().trim().min(1, "Give the channel a name.").max(100),
  target: z.string().trim().min(1, "Where should it send?").max(2_000),
});

export async function createChannelAction(_previous: AlertAdminState, form: FormData): Promise<AlertAdminState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: FORBIDDEN };
  const input = newChannel.safeParse({ kind: form.get("kind"), name: form.get("name"), target: form.get("target") });
  if (!input.success) return { error: input.error.issues[0]?.message ?? "Check the form." };
  const result = await createChannel(actor, input.data);
  if (result.outcome === "invalid") return { error: result.problem };
  if (result.outcome !== "created") return { error: "Not created." };
  revalidatePath("/admin/alerts");
  return result.secret
    ? { done: `Channel created. Its signing secret, shown this once — give it to the receiver:`, secret: result.secret }
    : { done: "Channel created." };
}

export async function updateChannelAction(_previous: AlertAdminState, form: FormData): Promise<AlertAdminState> {
  const actor = await staffForAction("admin");
  if (!actor) return { error: FORBIDDEN };
  const channelId = id.safeParse(form.get("channelId"));
  if (!channelId.success) return { error: "No such channel." };
  const intent = form.get("intent");
  if (intent === "delete") {
    const result = await deleteChannel(actor, channelId.data);
    revalidatePath("/admin/alerts");
    return result.outcome === "deleted" ? { done: "Deleted." } : { error: "No such channel." };
  }
  if (intent === "test") {
    const result = await testChannel(actor, channelId.data);
    revalidatePath("/admin/alerts");
    if (result.outcome !== "sent") return { error: "No such channel." };
    const attempt = result.report.attempts[0];
    return result.report.delivered === 1
      ? { done: `Test delivered (${attempt?.latencyMs ?? "?"} ms).` }
      : { error: "The test was not delivered; the attempt is listed with the channel (it is tried again with backoff)." };
  }
  const result = await updateChannel(actor, channelId.data, {
    name: String(form.get("name") ?? ""),
    target: String(form.get("target") ?? ""),
    enabled: form.get("enabled") === "on",
  });
  if (result.outcome === "invalid") return { error: result.problem };
  if (result.outcome !== "saved") return { error: "No such channel." };
  revalidatePath("/admin/alerts");
  return { done: "Saved." };
}
