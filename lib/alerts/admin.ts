import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { type Actor, authorize, authorizeChange, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { type ChannelKind, maskedSecret, newSigningSecret, targetProblem } from "./channels";
import { type DispatchReport, dispatchNotifications } from "./dispatch";
import { ensureRules } from "./evaluate";
import { payloadOf } from "./outbox";
import { paramsSchema, RULES, type RuleDefinition, readParams } from "./rules";

// Administrators' screens: the rules (on/off, thresholds, channels, reminders) and the channels
// (Slack-compatible webhook, signed generic webhook, e-mail). Secrets are shown once, at creation.

export interface RuleSettings {
  definition: RuleDefinition;
  enabled: boolean;
  enabledAt: string;
  params: Record<string, number | string>;
  channelIds: string[];
  reminderMinutes: number | null;
  updatedAt: string;
  updatedBy: string | null;
}

export async function findRuleSettings(staff: StaffSession): Promise<RuleSettings[]> {
  authorize(staff, "admin");
  await ensureRules();
  const stored = new Map((await db().alertRule.findMany()).map((rule) => [rule.id, rule]));
  return RULES.flatMap((definition) => {
    const rule = stored.get(definition.id);
    if (!rule) return [];
    return [
      {
        definition,
        enabled: rule.enabled,
        enabledAt: rule.enabledAt.toISOString(),
        params: readParams(definition, rule.params),
        channelIds: rule.channelIds.map(String),
        reminderMinutes: rule.reminderMinutes,
        updatedAt: rule.updatedAt.toISOString(),
        updatedBy: rule.updatedBy,
      },
    ];
  });
}

/** Who evaluates the rules (the instance holding the lock), when it last did and how long it took. */
export async function findEvaluation(staff: StaffSession) {
  authorize(staff, "admin");
  return db().alertEvaluation.findUnique({ where: { id: 1 } });
}

export type RuleUpdate =
  | { outcome: "saved" }
  | { outcome: "invalid"; problems: { param: string; message: string }[] }
  | { outcome: "not_found" };

export async function updateRule(
  by: Actor,
  ruleId: string,
  input: { enabled: boolean; params: Record<string, unknown>; channelIds: string[]; reminderMinutes: number | null },
): Promise<RuleUpdate> {
  const actor = authorizeChange(by);
  const definition = RULES.find((rule) => rule.id === ruleId) as RuleDefinition | undefined;
  if (!definition) return { outcome: "not_found" };
  const parsed = paramsSchema(definition).safeParse(input.params);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ param: String(issue.path[0] ?? "params"), message: issue.message }));
  if (
    input.reminderMinutes !== null &&
    (!Number.isInteger(input.reminderMinutes) || input.reminderMinutes < 5 || input.reminderMinutes > 10_080)
  )
    problems.push({ param: "reminderMinutes", message: "expected whole minutes between 5 and 10080, or none" });
  const channelIds = input.channelIds.filter((id) => /^\d{1,18}$/.test(id)).map(BigInt);
  const known = await db().alertChannel.count({ where: { id: { in: channelIds } } });
  if (known !== channelIds.length) problems.push({ param: "channelIds", message: "a channel chosen no longer exists" });
  if (problems.length > 0) return { outcome: "invalid", problems };
  await ensureRules();
  const before = await db().alertRule.findUniqueOrThrow({ where: { id: ruleId } });
  await db().alertRule.update({
    where: { id: ruleId },
    data: {
      enabled: input.enabled,
      // Switched on again: rules about events look no further back than this.
      ...(input.enabled && !before.enabled ? { enabledAt: new Date() } : {}),
      params: parsed.data as Prisma.InputJsonValue,
      channelIds,
      reminderMinutes: input.reminderMinutes,
      updatedAt: new Date(),
      updatedBy: actor.email,
    },
  });
  await recordAudit({
    action: "alert.rule",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: {
      rule: ruleId,
      enabled: input.enabled,
      params: parsed.data,
      channelIds: channelIds.map(String),
      reminderMinutes: input.reminderMinutes,
    },
  });
  return { outcome: "saved" };
}

export interface ChannelView {
  id: string;
  kind: ChannelKind;
  name: string;
  target: string;
  maskedSecret: string | null;
  enabled: boolean;
  createdAt: string;
  /** Last attempt's result, for the list. */
  lastAttempt: { at: string; ok: boolean; status: number | null; error: string | null } | null;
}

export async function findChannels(staff: StaffSession): Promise<ChannelView[]> {
  authorize(staff, "admin");
  const channels = await db().alertChannel.findMany({ orderBy: { id: "asc" } });
  const last = await db().$queryRaw<{ channel_id: bigint; at: Date; ok: boolean; status: number | null; error: string | null }[]>`
    SELECT DISTINCT ON (n.channel_id) n.channel_id, a.at, a.ok, a.status, a.error
    FROM notification_attempt a JOIN notification n ON n.id = a.notification_id
    ORDER BY n.channel_id, a.at DESC`;
  const lastBy = new Map(last.map((row) => [row.channel_id.toString(), row]));
  return channels.map((channel) => {
    const attempt = lastBy.get(channel.id.toString());
    return {
      id: channel.id.toString(),
      kind: channel.kind,
      name: channel.name,
      target: channel.target,
      maskedSecret: maskedSecret(channel.secret),
      enabled: channel.enabled,
      createdAt: channel.createdAt.toISOString(),
      lastAttempt: attempt ? { at: attempt.at.toISOString(), ok: attempt.ok, status: attempt.status, error: attempt.error } : null,
    };
  });
}

export type ChannelChange =
  | { outcome: "created"; id: string; secret: string | null }
  | { outcome: "saved" }
  | { outcome: "deleted" }
  | { outcome: "invalid"; problem: string }
  | { outcome: "not_found" };

export async function createChannel(by: Actor, input: { kind: ChannelKind; name: string; target: string }): Promise<ChannelChange> {
  const actor = authorizeChange(by);
  const name = input.name.trim().slice(0, 100);
  const target = input.target.trim();
  if (!name) return { outcome: "invalid", problem: "A channel needs a name." };
  const problem = targetProblem(input.kind, target);
  if (problem) return { outcome: "invalid", problem: `Target: ${problem}.` };
  const secret = input.kind === "webhook" ? newSigningSecret() : null;
  const channel = await db().alertChannel.create({ data: { kind: input.kind, name, target, secret } });
  await recordAudit({
    action: "alert.channel.create",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { channel: channel.id.toString(), kind: input.kind, name, target },
  });
  return { outcome: "created", id: channel.id.toString(), secret };
}

export async function updateChannel(
  by: Actor,
  id: string,
  input: { name: string; target: string; enabled: boolean },
): Promise<ChannelChange> {
  const actor = authorizeChange(by);
  const channel = /^\d{1,18}$/.test(id) ? await db().alertChannel.findUnique({ where: { id: BigInt(id) } }) : null;
  if (!channel) return { outcome: "not_found" };
  const name = input.name.trim().slice(0, 100);
  const problem = targetProblem(channel.kind, input.target.trim());
  if (!name) return { outcome: "invalid", problem: "A channel needs a name." };
  if (problem) return { outcome: "invalid", problem: `Target: ${problem}.` };
  await db().alertChannel.update({ where: { id: channel.id }, data: { name, target: input.target.trim(), enabled: input.enabled } });
  await recordAudit({
    action: "alert.channel.update",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { channel: id, name, target: input.target.trim(), enabled: input.enabled },
  });
  return { outcome: "saved" };
}

export async function deleteChannel(by: Actor, id: string): Promise<ChannelChange> {
  const actor = authorizeChange(by);
  if (!/^\d{1,18}$/.test(id)) return { outcome: "not_found" };
  const deleted = await db().$transaction(async (tx) => {
    const gone = await tx.alertChannel.deleteMany({ where: { id: BigInt(id) } });
    await tx.$executeRaw`UPDATE alert_rule SET channel_ids = array_remove(channel_ids, ${BigInt(id)})`;
    return gone.count;
  });
  if (deleted === 0) return { outcome: "not_found" };
  await recordAudit({
    action: "alert.channel.delete",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { channel: id },
  });
  return { outcome: "deleted" };
}

/** "Send test": a test notification through the outbox, sent at once; the attempt tells how it went. */
export async function testChannel(by: Actor, id: string): Promise<{ outcome: "sent"; report: DispatchReport } | { outcome: "not_found" }> {
  const actor = authorizeChange(by);
  const channel = /^\d{1,18}$/.test(id) ? await db().alertChannel.findUnique({ where: { id: BigInt(id) } }) : null;
  if (!channel) return { outcome: "not_found" };
  const now = new Date();
  const payload = payloadOf(
    {
      id: 0n,
      ruleId: "test",
      state: "firing",
      summary: `A test from the webhook operations dashboard, sent by ${actor.email}: this channel works.`,
      subject: {},
      occurrences: 1,
      firedAt: now,
    },
    "test",
  );
  const notification = await db().notification.create({
    data: {
      channelId: channel.id,
      transition: "test",
      idempotencyKey: `test-${channel.id}-${now.getTime()}-${Math.random().toString(36).slice(2, 8)}`,
      payload: payload as unknown as Prisma.InputJsonValue,
      // Sent just below by this request; the evaluator's dispatcher leaves it alone until a retry is due.
      nextAttemptAt: new Date(now.getTime() + 60_000),
    },
  });
  const report = await dispatchNotifications(now, [notification.id]);
  await recordAudit({
    action: "alert.channel.test",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { channel: id, delivered: report.delivered === 1 },
  });
  return { outcome: "sent", report };
}
