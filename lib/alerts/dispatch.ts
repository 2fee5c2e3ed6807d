import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env.mjs";
import { log } from "@/lib/log";
import { type AttemptResult, type ChannelKind, sendToChannel } from "./channels";
import type { NotificationPayload } from "./outbox";

/** While one dispatcher sends a notification, others leave it alone for this long (then it is tried again). */
const LEASE = "30 seconds";
const BATCH = 20;

/** Seconds to wait before the next try after `attempts` failed ones: 15 s, 30 s, 1 min … (ALERTS_RETRY_BASE_SECONDS doubling) at most an hour. */
export function backoffSeconds(attempts: number, base = env().ALERTS_RETRY_BASE_SECONDS): number {
  return Math.min(3600, base * 2 ** Math.max(0, attempts - 1));
}

export interface DispatchReport {
  delivered: number;
  failed: number;
  gaveUp: number;
  attempts: { notificationId: string; channel: ChannelKind; ok: boolean; latencyMs: number }[];
}

interface Claimed {
  id: bigint;
  idempotency_key: string;
  payload: NotificationPayload;
  attempts: number;
  kind: ChannelKind;
  target: string;
  secret: string | null;
}

/**
 * Sends the notifications that are due (or only `ids`): claims a batch (SKIP LOCKED, with a lease,
 * so any number of dispatchers may run and an instance that dies mid-send leaves them to the next),
 * tries each once, records the attempt, and either marks it delivered, schedules the next try with
 * exponential backoff, or gives up after ALERTS_MAX_ATTEMPTS.
 */
export async function dispatchNotifications(now = new Date(), ids?: readonly bigint[]): Promise<DispatchReport> {
  // Named notifications (a channel's test) are sent now, whenever they were due.
  const which = ids ? Prisma.sql`id = ANY(${`{${ids.join(",")}}`}::bigint[])` : Prisma.sql`next_attempt_at <= ${now}`;
  const claimed = await db().$queryRaw<Claimed[]>`
    WITH due AS (
      SELECT id FROM notification n0 WHERE state = 'pending' AND ${which}
        -- A channel switched off keeps its notifications waiting until it is on again.
        AND EXISTS (SELECT 1 FROM alert_channel c0 WHERE c0.id = n0.channel_id AND c0.enabled)
      ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
    )
    UPDATE notification n SET attempts = n.attempts + 1, next_attempt_at = ${now}::timestamptz + ${LEASE}::interval
    FROM due, alert_channel c
    WHERE n.id = due.id AND c.id = n.channel_id
    RETURNING n.id, n.idempotency_key, n.payload, n.attempts, c.kind::text AS kind, c.target, c.secret`;
  const report: DispatchReport = { delivered: 0, failed: 0, gaveUp: 0, attempts: [] };
  const maxAttempts = env().ALERTS_MAX_ATTEMPTS;
  await Promise.all(
    claimed.map(async (notification) => {
      let result: AttemptResult;
      try {
        result = await sendToChannel(notification, notification.payload, notification.idempotency_key);
      } catch (error) {
        result = { ok: false, status: null, latencyMs: 0, error: (error as Error).message };
      }
      const gaveUp = !result.ok && notification.attempts >= maxAttempts;
      await db().$transaction([
        db().notificationAttempt.create({
          data: {
            notificationId: notification.id,
            at: new Date(),
            ok: result.ok,
            status: result.status,
            latencyMs: result.latencyMs,
            error: result.error?.slice(0, 500) ?? null,
          },
        }),
        db().notification.update({
          where: { id: notification.id },
          data: result.ok
            ? { state: "delivered", deliveredAt: new Date() }
            : gaveUp
              ? { state: "gave_up" }
              : { nextAttemptAt: new Date(now.getTime() + backoffSeconds(notification.attempts) * 1000) },
        }),
      ]);
      if (result.ok) report.delivered += 1;
      else if (gaveUp) {
        report.gaveUp += 1;
        log.warn(
          { notificationId: notification.id.toString(), channel: notification.kind, error: result.error },
          "alert notification given up",
        );
      } else report.failed += 1;
      report.attempts.push({
        notificationId: notification.id.toString(),
        channel: notification.kind,
        ok: result.ok,
        latencyMs: result.latencyMs,
      });
    }),
  );
  return report;
}
