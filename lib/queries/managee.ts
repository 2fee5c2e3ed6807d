import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { TERMINAL_RANK } from "@/lib/ingest/banking/statuses";
import { exactDecimalText, isRowId } from "./sql";

/** Everything the banking platform told us about one managee (a client on the bank's side). */
export interface ManageeOverview {
  manageeId: string;
  exchanges: number;
  open: number;
  openRfis: number;
  firstSeenAt: string | null;
  lastUpdateAt: string | null;
  byStatus: { status: string; exchanges: number }[];
  /** Requested volume per asset pair, in the pair's base currency (exact decimals as text). */
  byPair: { assetPair: string | null; exchanges: number; requested: string | null; executed: string | null }[];
  /** The latest exchanges, newest update first (at most LATEST). */
  latest: {
    exchangeId: string;
    status: string;
    assetPair: string | null;
    exchangeType: string | null;
    requestAmount: string | null;
    hasOpenRfi: boolean | null;
    lastUpdateAt: string;
  }[];
}

export const LATEST = 100;

export async function findManagee(staff: StaffSession, manageeId: string): Promise<ManageeOverview | undefined> {
  authorize(staff);
  if (!isRowId(manageeId)) return undefined;
  // Every statement is served by the (managees_id, last_update_at, exchange_id) index.
  const [summary, byStatus, byPair, latest] = await Promise.all([
    db().$queryRaw<{ exchanges: number; open: number; open_rfis: number; first_seen: Date | null; last_update: Date | null }[]>`
      SELECT count(*)::int AS exchanges, count(*) FILTER (WHERE status_rank < ${TERMINAL_RANK})::int AS open,
             count(*) FILTER (WHERE has_open_rfi AND status_rank < ${TERMINAL_RANK})::int AS open_rfis,
             min(first_seen_at) AS first_seen, max(last_update_at) AS last_update
      FROM exchange WHERE managees_id = ${manageeId}::bigint`,
    db().$queryRaw<{ status: string; exchanges: number }[]>`
      SELECT status, count(*)::int AS exchanges FROM exchange WHERE managees_id = ${manageeId}::bigint GROUP BY status ORDER BY 2 DESC, 1`,
    db().$queryRawUnsafe<{ asset_pair: string | null; exchanges: number; requested: string | null; executed: string | null }[]>(
      `SELECT asset_pair, count(*)::int AS exchanges, ${exactDecimalText("sum(request_amount)")} AS requested,
              ${exactDecimalText("sum(executed_amount)")} AS executed
       FROM exchange WHERE managees_id = $1::bigint GROUP BY asset_pair ORDER BY 2 DESC, 1`,
      manageeId,
    ),
    db().$queryRawUnsafe<
      {
        exchange_id: bigint;
        status: string;
        asset_pair: string | null;
        exchange_type: string | null;
        request_amount: string | null;
        has_open_rfi: boolean | null;
        last_update_at: Date;
      }[]
    >(
      `SELECT exchange_id, status, asset_pair, exchange_type, ${exactDecimalText("request_amount")} AS request_amount, has_open_rfi, last_update_at
       FROM exchange WHERE managees_id = $1::bigint ORDER BY last_update_at DESC, exchange_id DESC LIMIT ${LATEST}`,
      manageeId,
    ),
  ]);
  const head = summary[0];
  if (!head || head.exchanges === 0) return undefined;
  return {
    manageeId,
    exchanges: head.exchanges,
    open: head.open,
    openRfis: head.open_rfis,
    firstSeenAt: head.first_seen?.toISOString() ?? null,
    lastUpdateAt: head.last_update?.toISOString() ?? null,
    byStatus,
    byPair: byPair.map((row) => ({
      assetPair: row.asset_pair,
      exchanges: row.exchanges,
      requested: row.requested,
      executed: row.executed,
    })),
    latest: latest.map((row) => ({
      exchangeId: row.exchange_id.toString(),
      status: row.status,
      assetPair: row.asset_pair,
      exchangeType: row.exchange_type,
      requestAmount: row.request_amount,
      hasOpenRfi: row.has_open_rfi,
      lastUpdateAt: row.last_update_at.toISOString(),
    })),
  };
}
