import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { ExportQuery } from "@/lib/csv/export-columns";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { distinctValues } from "./distinct-values";
import { fetchPage, type Page, type PageRequest, type SortColumn } from "./keyset-page";
import type { ListDeclaration } from "./list-declaration";
import { splitSort } from "./list-query";
import type { RejectedPropTradingQuery, RejectedSortColumn } from "./rejected-prop-trading-schema";
import { rejectedPropTradingQuery } from "./rejected-prop-trading-schema";
import { dayRangeConditions, exactDecimalText, isRowId, likePattern } from "./sql";

const SORT_COLUMNS: Record<RejectedSortColumn, SortColumn> = {
  requestTime: { sql: "r.request_time", kind: "timestamp", nullable: false },
  receivedAt: { sql: "r.received_at", kind: "timestamp", nullable: false },
  initialBalance: { sql: "r.initial_balance", kind: "number", nullable: true },
};

/** The filters of the list as SQL conditions (`AND …`), for the page, the JSON route and the CSV export alike. */
export function rejectedPropTradingWhere(query: RejectedPropTradingQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.user) conditions.push(Prisma.sql`r.user_id = ${query.user}`);
  if (query.platform) conditions.push(Prisma.sql`r.platform = ${query.platform}`);
  if (query.package) conditions.push(Prisma.sql`r.package_name = ${query.package}`);
  if (query.stage) conditions.push(Prisma.sql`r.stage = ${query.stage}::"PropTradingStage"`);
  conditions.push(...dayRangeConditions("r.request_time", query.from, query.to));
  if (query.q) conditions.push(Prisma.sql`r.search_text LIKE ${likePattern(query.q)}`);
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

export function rejectedPropTradingOrder(query: RejectedPropTradingQuery) {
  const { column, direction } = splitSort(query.sort);
  return { sort: SORT_COLUMNS[column], direction };
}

export interface RejectedPropTradingRow {
  id: string;
  requestId: string;
  stage: "challenge" | "live";
  userId: string;
  requestTime: string;
  packageName: string | null;
  packageNames: Record<string, string> | null;
  platform: string | null;
  connectionId: string | null;
  groupName: string | null;
  leverage: string | null;
  initialBalance: string | null;
  maxDailyLossPercent: string | null;
  maxLossPercent: string | null;
  profitTargetPercent: string | null;
  receivedAt: string;
}

interface RejectedSqlRow {
  id: bigint;
  sort_value?: string | null;
  request_id: string;
  stage: "challenge" | "live";
  user_id: string;
  request_time: Date;
  package_name: string | null;
  package_names: Record<string, string> | null;
  platform: string | null;
  connection_id: string | null;
  group_name: string | null;
  leverage: string | null;
  initial_balance: string | null;
  max_daily_loss_percent: string | null;
  max_loss_percent: string | null;
  profit_target_percent: string | null;
  received_at: Date;
}

const exact = (column: string) => Prisma.raw(exactDecimalText(column));

const ROW_COLUMNS = Prisma.sql`r.id, r.request_id, r.stage::text AS stage, r.user_id, r.request_time, r.package_name, r.package_names,
  r.platform, r.connection_id, r.group_name, ${exact("r.leverage")} AS leverage, ${exact("r.initial_balance")} AS initial_balance,
  ${exact("r.max_daily_loss_percent")} AS max_daily_loss_percent, ${exact("r.max_loss_percent")} AS max_loss_percent,
  ${exact("r.profit_target_percent")} AS profit_target_percent, r.received_at`;

function toRow(row: RejectedSqlRow): RejectedPropTradingRow {
  return {
    id: row.id.toString(),
    requestId: row.request_id,
    stage: row.stage,
    userId: row.user_id,
    requestTime: row.request_time.toISOString(),
    packageName: row.package_name,
    packageNames: row.package_names,
    platform: row.platform,
    connectionId: row.connection_id,
    groupName: row.group_name,
    leverage: row.leverage,
    initialBalance: row.initial_balance,
    maxDailyLossPercent: row.max_daily_loss_percent,
    maxLossPercent: row.max_loss_percent,
    profitTargetPercent: row.profit_target_percent,
    receivedAt: row.received_at.toISOString(),
  };
}

const TEXT_SEARCH_COUNT_CAP = 1_000;

/** What one page of the list reads: shared by the list and the benchmark's EXPLAIN. */
export function rejectedPropTradingPageRequest(query: RejectedPropTradingQuery): PageRequest {
  const { sort, direction } = rejectedPropTradingOrder(query);
  return {
    from: Prisma.sql`FROM prop_trading_request r`,
    select: ROW_COLUMNS,
    where: rejectedPropTradingWhere(query),
    idColumn: "r.id",
    sort,
    direction,
    page: query.page,
    cursor: query.cursor,
    // A common word matches a large share of a million rows, and no index makes counting them cheap:
    // counting to 10 000 took 35 ms of a 20 ms page. "More than 1 000" says as much to someone searching.
    countCap: query.q ? TEXT_SEARCH_COUNT_CAP : undefined,
  };
}

/** The rows for the page: plain JSON-safe values (decimals as exact strings, times as ISO 8601). */
export async function findRejectedPropTradingRequests(
  staff: StaffSession,
  query: RejectedPropTradingQuery,
): Promise<Page<RejectedPropTradingRow>> {
  authorize(staff);
  const page = await fetchPage<RejectedSqlRow>(rejectedPropTradingPageRequest(query));
  return { ...page, rows: page.rows.map(toRow) };
}

/** The values present, for the filter bar's choices. */
export async function rejectedPropTradingFilterChoices(staff: StaffSession): Promise<{ platforms: string[]; packages: string[] }> {
  authorize(staff);
  const [platforms, packages] = await Promise.all([
    distinctValues({ table: "prop_trading_request", column: "platform" }),
    distinctValues({ table: "prop_trading_request", column: "package_name" }),
  ]);
  return { platforms, packages };
}

export interface RejectedPropTradingDetail extends RejectedPropTradingRow {
  requestType: string | null;
  status: string;
  sentStatus: string | null;
  eventSlug: string;
  targetName: string | null;
  /** Null once the retention purge removed the raw delivery. */
  deliveryId: string | null;
}

export async function findRejectedPropTradingRequest(staff: StaffSession, id: string): Promise<RejectedPropTradingDetail | undefined> {
  authorize(staff);
  if (!isRowId(id)) return undefined;
  const rows = await db().$queryRaw<
    (RejectedSqlRow & {
      request_type: string | null;
      status: string;
      sent_status: string | null;
      event_slug: string;
      target_name: string | null;
      delivery_id: bigint;
    })[]
  >`
    SELECT ${ROW_COLUMNS}, r.request_type, r.status, r.sent_status, r.event_slug, r.target_name, r.delivery_id
    FROM prop_trading_request r WHERE r.id = ${id}::bigint`;
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...toRow(row),
    requestType: row.request_type,
    status: row.status,
    sentStatus: row.sent_status,
    eventSlug: row.event_slug,
    targetName: row.target_name,
    deliveryId: row.delivery_id?.toString() ?? null,
  };
}

/** Every row matching the list's filters, in the list's order. */
export function rejectedPropTradingExport(query: RejectedPropTradingQuery): ExportQuery {
  const { sort, direction } = rejectedPropTradingOrder(query);
  const order = direction.toUpperCase();
  return {
    columns: [
      { header: "request_id", sql: "r.request_id", kind: "text" },
      { header: "stage", sql: "r.stage::text", kind: "code" },
      { header: "status", sql: "r.status", kind: "code" },
      { header: "status_sent", sql: "r.sent_status", kind: "text" },
      { header: "user_id", sql: "r.user_id", kind: "text" },
      { header: "request_time_utc", sql: "r.request_time", kind: "timestamp" },
      { header: "package", sql: "r.package_name", kind: "text" },
      {
        header: "package_all_locales",
        sql: "(SELECT string_agg(key || ': ' || value, '; ' ORDER BY key) FROM jsonb_each_text(r.package_names))",
        kind: "text",
      },
      { header: "platform", sql: "r.platform", kind: "text" },
      { header: "server", sql: "r.connection_id", kind: "text" },
      { header: "group", sql: "r.group_name", kind: "text" },
      { header: "leverage", sql: "r.leverage", kind: "decimal" },
      { header: "initial_balance", sql: "r.initial_balance", kind: "decimal" },
      { header: "max_daily_loss_percent", sql: "r.max_daily_loss_percent", kind: "decimal" },
      { header: "max_loss_percent", sql: "r.max_loss_percent", kind: "decimal" },
      { header: "profit_target_percent", sql: "r.profit_target_percent", kind: "decimal" },
      { header: "event", sql: "r.event_slug", kind: "code" },
      { header: "target", sql: "r.target_name", kind: "text" },
      { header: "received_at_utc", sql: "r.received_at", kind: "timestamp" },
      { header: "delivery_id", sql: "r.delivery_id", kind: "code" },
    ],
    rest: Prisma.sql`FROM prop_trading_request r WHERE TRUE ${rejectedPropTradingWhere(query)}
      ORDER BY ${Prisma.raw(`${sort.sql} ${order}, r.id ${order}`)}`,
  };
}

/** The rejected prop-trading list, declared once for its page, JSON route and exports. */
export const rejectedPropTradingList: ListDeclaration<typeof rejectedPropTradingQuery, RejectedPropTradingRow> = {
  name: "rejected-prop-trading",
  schema: rejectedPropTradingQuery,
  role: "viewer",
  find: findRejectedPropTradingRequests,
  exportQuery: rejectedPropTradingExport,
};
