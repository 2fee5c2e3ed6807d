import "server-only";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { log } from "@/lib/log";
import { CONDITIONS, type Condition } from "./conditions";
import { enqueueNotifications } from "./outbox";
import { RULES, type RuleDefinition, type RuleId, readParams, ruleDefinition } from "./rules";

/** "Last seen" is kept to this precision. */
const LAST_SEEN_PRECISION_MS = 5 * 60_000;

export interface RuleEvaluation {
  rule: RuleId;
  /** False when the rule did not judge now (outside its active hours). */
  judged: boolean;
  holding: number;
  fired: number;
  resolved: number;
  reminded: number;
  ms: number;
  error?: string;
}

/** The shipped rules, with their defaults, for any that are not in the database yet. */
export async function ensureRules(): Promise<void> {
  await db().alertRule.createMany({
    data: RULES.map((rule) => ({ id: rule.id, params: rule.defaults as Prisma.InputJsonValue })),
    skipDuplicates: true,
  });
}

/**
 * Evaluates the enabled rules (all, or `only`) as of `now` and brings the alerts in line: a new
 * condition fires an alert (one per rule and subject, its notifications in the same transaction),
 * a known one is counted and reminded of, a cleared one resolves. `now` is a parameter so that
 * tests move time without sleeping. Safe to run concurrently: the unique index on open alerts lets
 * only one evaluator open an alert; the leader lock (evaluator.ts) keeps a second from trying.
 */
export async function evaluateAlerts(now: Date, only?: readonly RuleId[]): Promise<RuleEvaluation[]> {
  // A full evaluation makes sure every shipped rule exists; an event's quick one needs not.
  if (!only) await ensureRules();
  const rules = await db().alertRule.findMany({
    where: { enabled: true, ...(only ? { id: { in: [...only] } } : {}) },
    orderBy: { id: "asc" },
  });
  const results: RuleEvaluation[] = [];
  for (const rule of rules) {
    const definition = ruleDefinition(rule.id);
    if (!definition) continue;
    const started = performance.now();
    try {
      const judged = await CONDITIONS[definition.id as RuleId]({
        params: readParams(definition, rule.params),
        now,
        enabledAt: rule.enabledAt,
      });
      const outcome = await reconcile(rule, definition, judged.conditions, now, judged.mayFire);
      results.push({
        rule: definition.id as RuleId,
        judged: judged.mayFire,
        holding: judged.conditions.length,
        ...outcome,
        ms: Math.round(performance.now() - started),
      });
    } catch (error) {
      // One rule failing (a timeout, a bad parameter) must not keep the others from running.
      log.warn({ rule: definition.id, err: (error as Error).message }, "an alert rule could not be evaluated");
      results.push({
        rule: definition.id as RuleId,
        judged: false,
        holding: 0,
        fired: 0,
        resolved: 0,
        reminded: 0,
        ms: Math.round(performance.now() - started),
        error: (error as Error).message,
      });
    }
  }
  return results;
}

interface StoredRule {
  id: string;
  channelIds: bigint[];
  reminderMinutes: number | null;
}

/** `mayFire` false: the rule does not judge new alerts now (outside its active hours), but what cleared still resolves. */
async function reconcile(rule: StoredRule, definition: RuleDefinition, conditions: Condition[], now: Date, mayFire: boolean) {
  const byKey = new Map(conditions.map((condition) => [condition.key, condition]));
  const open = await db().alert.findMany({ where: { ruleId: rule.id, state: { not: "resolved" } } });
  const openKeys = new Set(open.map((alert) => alert.subjectKey));
  const fresh = conditions.filter((condition) => !openKeys.has(condition.key));
  // Not again for a subject an operator resolved while it held, nor (for rules resolved only by hand) ever again.
  const held = new Set(
    fresh.length === 0
      ? []
      : (
          await db().alert.findMany({
            where: {
              ruleId: rule.id,
              subjectKey: { in: fresh.map((condition) => condition.key) },
              ...(definition.autoResolve ? { quietUntilClear: true } : {}),
            },
            select: { subjectKey: true },
          })
        ).map((alert) => alert.subjectKey),
  );
  let fired = 0;
  let resolved = 0;
  let reminded = 0;

  const toFire = mayFire ? fresh.filter((condition) => !held.has(condition.key)) : [];
  if (toFire.length > 0) {
    fired = await db().$transaction(async (tx) => {
      const created = await tx.alert.createManyAndReturn({
        data: toFire.map((condition) => ({
          ruleId: rule.id,
          subjectKey: condition.key,
          subject: condition.subject as Prisma.InputJsonValue,
          summary: condition.summary,
          occurrences: condition.occurrences,
          firedAt: now,
          lastSeenAt: now,
        })),
        // Another evaluator opened it first: the open-alert unique index says so.
        skipDuplicates: true,
      });
      await tx.alertEvent.createMany({
        data: created.map((alert) => ({ alertId: alert.id, at: now, kind: "fired", note: alert.summary })),
      });
      for (const alert of created) await enqueueNotifications(tx, alert, "fired", rule.channelIds, "first");
      return created.length;
    });
  }

  for (const alert of open) {
    const condition = byKey.get(alert.subjectKey);
    if (!condition) {
      if (!definition.autoResolve) continue;
      await db().$transaction(async (tx) => {
        const done = await tx.alert.updateMany({
          where: { id: alert.id, state: { not: "resolved" } },
          data: { state: "resolved", resolvedAt: now, resolvedBy: null, lastSeenAt: now },
        });
        if (done.count === 0) return;
        await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: "resolved", note: "The condition cleared." } });
        await enqueueNotifications(tx, { ...alert, state: "resolved" }, "resolved", rule.channelIds, `auto-${now.getTime()}`);
        resolved += 1;
      });
      continue;
    }
    const changed = condition.occurrences !== alert.occurrences || canonical(condition.subject) !== canonical(alert.subject);
    const remindEvery = rule.reminderMinutes;
    const due =
      alert.state === "firing" &&
      remindEvery !== null &&
      now.getTime() - (alert.lastRemindedAt ?? alert.firedAt).getTime() >= remindEvery * 60_000;
    if (!changed && !due) continue;
    await db().$transaction(async (tx) => {
      // Guarded: an operator may have resolved it since this pass read it.
      const updated = await tx.alert.updateMany({
        where: { id: alert.id, state: { not: "resolved" } },
        data: {
          lastSeenAt: now,
          occurrences: condition.occurrences,
          subject: condition.subject as Prisma.InputJsonValue,
          summary: condition.summary,
          ...(due ? { lastRemindedAt: now, reminders: { increment: 1 } } : {}),
        },
      });
      if (updated.count === 0) return;
      if (condition.occurrences > alert.occurrences)
        await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: "occurred", note: condition.summary } });
      if (due) {
        await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: "reminded", note: "Still firing and not acknowledged." } });
        await enqueueNotifications(
          tx,
          { ...alert, summary: condition.summary, occurrences: condition.occurrences },
          "reminder",
          rule.channelIds,
          String(alert.reminders + 1),
        );
        reminded += 1;
      }
    });
  }
  // Seen open alerts: one statement for all of them, and only for those not seen for a while — an
  // evaluation every few seconds must not rewrite thousands of rows each time.
  const stale = new Date(now.getTime() - LAST_SEEN_PRECISION_MS);
  const stillOpen = open.filter((alert) => byKey.has(alert.subjectKey) && alert.lastSeenAt < stale).map((alert) => alert.id);
  if (stillOpen.length > 0) await db().alert.updateMany({ where: { id: { in: stillOpen } }, data: { lastSeenAt: now } });
  // A subject whose condition cleared may fire again next time.
  await db().alert.updateMany({
    where: { ruleId: rule.id, quietUntilClear: true, subjectKey: { notIn: [...byKey.keys()] } },
    data: { quietUntilClear: false },
  });
  return { fired, resolved, reminded };
}

/** JSON with sorted keys: jsonb gives keys back in its own order, so plain JSON.stringify would always differ. */
function canonical(value: unknown): string {
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  return `{${Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
    .join(",")}}`;
}
