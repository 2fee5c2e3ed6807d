import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";

export interface RefusedRequests {
  /** Refusals per sender and hour, the last 48 hours, newest first (hours without any left out). */
  perHour: { hour: string; crm: number; banking: number; lastReason: string }[];
  totals: { sender: "crm" | "banking"; lastDay: number; lastHour: number; lastAt: string | null }[];
  /** The most recent refusals kept as examples (a few hundred per sender at most). */
  recent: {
    id: string;
    sender: "crm" | "banking";
    at: string;
    sourceAddress: string | null;
    reason: string;
    headerForm: string;
    bodyBytes: number;
    bodySha256: string;
  }[];
}

export async function loadRefusedRequests(staff: StaffSession, now = new Date()): Promise<RefusedRequests> {
  authorize(staff);
  const since = new Date(now.getTime() - 48 * 3_600_000);
  const [hours, totals, recent] = await Promise.all([
    db().$queryRaw<{ hour: Date; crm: number; banking: number; last_reason: string }[]>`
      SELECT hour, coalesce(sum(count) FILTER (WHERE sender = 'crm'), 0)::int AS crm,
        coalesce(sum(count) FILTER (WHERE sender = 'banking'), 0)::int AS banking,
        (array_agg(last_reason ORDER BY last_at DESC))[1] AS last_reason
      FROM signature_failure WHERE hour >= date_trunc('hour', ${since}::timestamptz) GROUP BY hour ORDER BY hour DESC`,
    db().$queryRaw<{ sender: "crm" | "banking"; last_day: number; last_hour: number; last_at: Date | null }[]>`
      SELECT s.sender::text AS sender,
        (SELECT coalesce(sum(count), 0)::int FROM signature_failure f WHERE f.sender = s.sender AND f.hour >= date_trunc('hour', ${now}::timestamptz) - interval '23 hours') AS last_day,
        (SELECT coalesce(sum(count), 0)::int FROM signature_failure f WHERE f.sender = s.sender AND f.hour >= date_trunc('hour', ${now}::timestamptz)) AS last_hour,
        (SELECT max(last_at) FROM signature_failure f WHERE f.sender = s.sender) AS last_at
      FROM unnest(ARRAY['crm', 'banking']::"Sender"[]) AS s(sender)`,
    db().refusedRequest.findMany({ orderBy: { id: "desc" }, take: 200 }),
  ]);
  return {
    perHour: hours.map((row) => ({ hour: row.hour.toISOString(), crm: row.crm, banking: row.banking, lastReason: row.last_reason })),
    totals: totals.map((row) => ({
      sender: row.sender,
      lastDay: row.last_day,
      lastHour: row.last_hour,
      lastAt: row.last_at?.toISOString() ?? null,
    })),
    recent: recent.map((row) => ({
      id: row.id.toString(),
      sender: row.sender,
      at: row.at.toISOString(),
      sourceAddress: row.sourceAddress,
      reason: row.reason,
      headerForm: row.headerForm,
      bodyBytes: row.bodyBytes,
      bodySha256: row.bodySha256,
    })),
  };
}
