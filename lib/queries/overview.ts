import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";
import { distinctValues } from "./distinct-values";
import { EXCHANGE_ROW_COLUMNS, type ExchangeRow, needsAttention, toExchangeRow } from "./exchanges";

export interface WindowCounts {
  rejections: number;
  exchangeCallbacks: number;
  deliveries: number;
  quarantined: number;
  duplicates: number;
  refusedSignatures: number;
}

export interface Overview {
  today: WindowCounts;
  week: WindowCounts;
  rejectionsPerDay: { day: string; challenge: number; live: number }[];
  exchangesByStatus: { status: string; count: number }[];
  volumeByPair: { pair: string; exchanges: number; requested: string }[];
  /** The UTC day "today" counts. */
  day: string;
  /** When the figures were read (ms since the epoch): ages are measured from it. */
  now: number;
  stuck: { thresholdMinutes: number; total: number; rows: ExchangeRow[] };
}

async function windowCounts(since: Date): Promise<WindowCounts> {
  const [row] = await db().$queryRaw<WindowCounts[]>`
    SELECT
      (SELECT count(*)::int FROM prop_trading_request WHERE received_at >= ${since}) AS rejections,
      (SELECT count(*)::int FROM exchange_status_event WHERE received_at >= ${since}) AS "exchangeCallbacks",
      (SELECT count(*)::int FROM delivery WHERE received_at >= ${since}) AS deliveries,
      (SELECT count(*)::int FROM delivery WHERE outcome = 'quarantined' AND received_at >= ${since}) AS quarantined,
      (SELECT count(*)::int FROM delivery WHERE outcome = 'duplicate' AND received_at >= ${since}) AS duplicates,
      (SELECT coalesce(sum(count), 0)::int FROM signature_failure WHERE hour >= date_trunc('hour', ${since}::timestamptz)) AS "refusedSignatures"`;
  return row as WindowCounts;
}

/**
 * Exchanges updated since `since`, by current status. Counted per status over the (status,
 * last_update_at) index alone: counting a million exchanges' statuses from the table took 350 ms.
 */
async function exchangesByStatusSince(since: Date): Promise<{ status: string; count: number }[]> {
  const statuses = await distinctValues({ table: "exchange", column: "status" });
  const rows = await db().$queryRaw<{ status: string; count: number }[]>`
    SELECT s.status, (SELECT count(*)::int FROM exchange x WHERE x.status = s.status AND x.last_update_at >= ${since}) AS count
    FROM unnest(${statuses}::text[]) AS s(status)`;
  return rows.filter((row) => row.count > 0).sort((a, b) => b.count - a.count || a.status.localeCompare(b.status));
}

function everyDay(first: Date, last: Date, rows: { day: Date; challenge: number; live: number }[]) {
  const byDay = new Map(rows.map((row) => [row.day.toISOString().slice(0, 10), row]));
  const days: Overview["rejectionsPerDay"] = [];
  for (let time = first.getTime(); time <= last.getTime(); time += 86_400_000) {
    const day = new Date(time).toISOString().slice(0, 10);
    days.push({ day, challenge: byDay.get(day)?.challenge ?? 0, live: byDay.get(day)?.live ?? 0 });
  }
  return days;
}

export async function loadOverview(staff: StaffSession, now = new Date()): Promise<Overview> {
  authorize(staff);
  const startOfDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const monthAgo = new Date(startOfDay.getTime() - 29 * 86_400_000);
  const tomorrow = new Date(startOfDay.getTime() + 86_400_000);
  const thresholdMinutes = env().STUCK_EXCHANGE_MINUTES;
  const [today, week, perDay, byStatus, byPair, stuckRows, stuckTotal] = await Promise.all([
    windowCounts(startOfDay),
    windowCounts(weekAgo),
    // One range scan grouped by UTC day; days without rejections are filled in below.
    db().$queryRaw<{ day: Date; challenge: number; live: number }[]>`
      SELECT (received_at AT TIME ZONE 'UTC')::date AS day,
        count(*) FILTER (WHERE stage = 'challenge')::int AS challenge, count(*) FILTER (WHERE stage = 'live')::int AS live
      FROM prop_trading_request WHERE received_at >= ${monthAgo} AND received_at < ${tomorrow}
      GROUP BY 1`,
    exchangesByStatusSince(monthAgo),
    db().$queryRaw<{ pair: string; exchanges: number; requested: string }[]>`
      SELECT asset_pair AS pair, count(*)::int AS exchanges, trim_scale(sum(request_amount))::text AS requested
      FROM exchange WHERE last_update_at >= ${monthAgo} AND asset_pair IS NOT NULL
      GROUP BY asset_pair ORDER BY count(*) DESC, asset_pair LIMIT 12`,
    // Most urgent first: an open request for information waits on us, then the longest silence.
    db().$queryRaw<Parameters<typeof toExchangeRow>[0][]>`
      SELECT ${EXCHANGE_ROW_COLUMNS} FROM exchange x WHERE ${needsAttention(now)}
      ORDER BY x.has_open_rfi DESC NULLS LAST, x.last_update_at ASC LIMIT 15`,
    db().$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM exchange x WHERE ${needsAttention(now)}`,
  ]);
  return {
    today,
    day: startOfDay.toISOString().slice(0, 10),
    now: now.getTime(),
    week,
    rejectionsPerDay: everyDay(monthAgo, startOfDay, perDay),
    exchangesByStatus: byStatus,
    volumeByPair: byPair,
    stuck: { thresholdMinutes, total: stuckTotal[0]?.total ?? 0, rows: stuckRows.map(toExchangeRow) },
  };
}
