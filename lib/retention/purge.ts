import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

export interface RetentionPolicy {
  deliveryDays: number;
  timelineDays: number;
  rejectionDays: number;
  auditDays: number;
}

export interface PurgeReport {
  cutoffs: Record<"deliveries" | "timelines" | "rejections" | "auditLog", string>;
  /** Rows removed (or, in a dry run, that would be). */
  removed: { deliveries: number; exchanges: number; rejections: number; auditEntries: number; housekeeping: number };
  /** Old quarantined deliveries kept because nobody has resolved them. */
  keptQuarantined: number;
  dryRun: boolean;
}

const BATCH = 5_000;

interface Kind {
  table: string;
  key: string;
  /** Which rows are past retention (and may go). */
  expired: (cutoff: Date) => Prisma.Sql;
}

const KINDS = {
  // The raw inbox; a quarantined delivery stays until someone resolves it.
  deliveries: { table: "delivery", key: "id", expired: (cutoff) => Prisma.sql`received_at < ${cutoff} AND outcome <> 'quarantined'` },
  // An exchange with its whole timeline, by its last news.
  exchanges: { table: "exchange", key: "exchange_id", expired: (cutoff) => Prisma.sql`last_update_at < ${cutoff}` },
  rejections: { table: "prop_trading_request", key: "id", expired: (cutoff) => Prisma.sql`received_at < ${cutoff}` },
} satisfies Record<string, Kind>;

async function count(kind: Kind, cutoff: Date): Promise<number> {
  const rows = await db().$queryRaw<
    { n: number }[]
  >`SELECT count(*)::int AS n FROM ${Prisma.raw(kind.table)} WHERE ${kind.expired(cutoff)}`;
  return rows[0]?.n ?? 0;
}

/** Deletes in batches, so no single statement holds locks over millions of rows. */
async function deleteInBatches(kind: Kind, cutoff: Date): Promise<number> {
  let total = 0;
  while (true) {
    const removed = await db().$executeRaw`
      DELETE FROM ${Prisma.raw(kind.table)} WHERE ${Prisma.raw(kind.key)} IN (
        SELECT ${Prisma.raw(kind.key)} FROM ${Prisma.raw(kind.table)} WHERE ${kind.expired(cutoff)} LIMIT ${BATCH})`;
    total += removed;
    if (removed < BATCH) return total;
  }
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

/**
 * Removes what is past its retention: raw deliveries (never unresolved quarantined ones), exchanges
 * with their timelines, rejected requests, and — kept longest — the audit log. Projections outlive
 * their raw deliveries (their delivery id becomes null). With `dryRun` nothing is removed.
 */
export async function purgeExpired(policy: RetentionPolicy, options: { dryRun: boolean; actor: string; now?: Date }): Promise<PurgeReport> {
  const now = options.now ?? new Date();
  const cutoff = {
    deliveries: daysBefore(now, policy.deliveryDays),
    timelines: daysBefore(now, policy.timelineDays),
    rejections: daysBefore(now, policy.rejectionDays),
    auditLog: daysBefore(now, policy.auditDays),
  };
  const keptQuarantined = await db().delivery.count({ where: { outcome: "quarantined", receivedAt: { lt: cutoff.deliveries } } });
  const auditExpired = Prisma.sql`at < ${cutoff.auditLog}`;
  let removed: PurgeReport["removed"];
  if (options.dryRun) {
    const [deliveries, exchanges, rejections, audit] = await Promise.all([
      count(KINDS.deliveries, cutoff.deliveries),
      count(KINDS.exchanges, cutoff.timelines),
      count(KINDS.rejections, cutoff.rejections),
      db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log WHERE ${auditExpired}`,
    ]);
    removed = { deliveries, exchanges, rejections, auditEntries: audit[0]?.n ?? 0, housekeeping: 0 };
  } else {
    const exchanges = await deleteInBatches(KINDS.exchanges, cutoff.timelines);
    const rejections = await deleteInBatches(KINDS.rejections, cutoff.rejections);
    const deliveries = await deleteInBatches(KINDS.deliveries, cutoff.deliveries);
    // The audit log refuses deletes unless this transaction says it is the purge.
    const [, auditEntries] = await db().$transaction([
      db().$executeRaw`SELECT set_config('audit.allow_purge', 'on', true)`,
      db().$executeRaw`DELETE FROM audit_log WHERE ${auditExpired}`,
    ]);
    const housekeeping =
      (await db().$executeRaw`DELETE FROM signature_failure WHERE hour < ${cutoff.deliveries}`) +
      (await db().$executeRaw`DELETE FROM rate_limit_bucket WHERE window_start < ${daysBefore(now, 1)}`) +
      (await db().$executeRaw`DELETE FROM session WHERE "expiresAt" < ${now}`) +
      (await db().$executeRaw`DELETE FROM verification WHERE "expiresAt" < ${now}`);
    removed = { deliveries, exchanges, rejections, auditEntries, housekeeping };
  }
  const report: PurgeReport = {
    cutoffs: Object.fromEntries(Object.entries(cutoff).map(([kind, date]) => [kind, date.toISOString()])) as PurgeReport["cutoffs"],
    removed,
    keptQuarantined,
    dryRun: options.dryRun,
  };
  if (!options.dryRun) await recordAudit({ action: "retention.purge", actorEmail: options.actor, details: { ...report } });
  return report;
}
