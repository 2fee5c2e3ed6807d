import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { ExportColumn, ExportQuery } from "@/lib/csv/export-columns";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env.mjs";
import { TERMINAL_RANK } from "@/lib/ingest/banking/statuses";
import type { ExchangeStatusUpdate } from "@/lib/ingest/intake-decision";
import { distinctValues } from "./distinct-values";
import type { ExchangeSortColumn, ExchangesQuery } from "./exchanges-schema";
import { exchangesQuery } from "./exchanges-schema";
import { fetchPage, type Page, type PageRequest, type SortColumn } from "./keyset-page";
import type { ListDeclaration } from "./list-declaration";
import { splitSort } from "./list-query";
import { dayRangeConditions, exactDecimalText } from "./sql";

const SORT_COLUMNS: Record<ExchangeSortColumn, SortColumn> = {
  lastUpdate: { sql: "x.last_update_at", kind: "timestamp", nullable: false },
  firstSeen: { sql: "x.first_seen_at", kind: "timestamp", nullable: false },
  exchangeId: { sql: "x.exchange_id", kind: "number", nullable: false },
  requestAmount: { sql: "x.request_amount", kind: "number", nullable: true },
};

/** The filters of the list as SQL conditions (`AND …`), for the page, the JSON route and the CSV export alike. */
export function exchangesWhere(query: ExchangesQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.pair) conditions.push(Prisma.sql`x.asset_pair = ${query.pair}`);
  if (query.status.length > 0) conditions.push(Prisma.sql`x.status IN (${Prisma.join(query.status)})`);
  if (query.user) conditions.push(Prisma.sql`x.managees_id = ${query.user}::bigint`);
  if (query.rfi) conditions.push(Prisma.sql`x.has_open_rfi IS ${Prisma.raw(query.rfi === "true" ? "TRUE" : "NOT TRUE")}`);
  if (query.attention) conditions.push(query.attention === "true" ? needsAttention() : Prisma.sql`NOT (${needsAttention()})`);
  conditions.push(...dayRangeConditions("x.last_update_at", query.from, query.to));
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

/** Not final, and waiting on an RFI or silent for longer than STUCK_EXCHANGE_MINUTES: an operator should look. */
export function needsAttention(now = new Date()): Prisma.Sql {
  const stuckBefore = new Date(now.getTime() - env().STUCK_EXCHANGE_MINUTES * 60_000);
  return Prisma.sql`(x.status_rank < ${TERMINAL_RANK} AND (x.last_update_at < ${stuckBefore} OR x.has_open_rfi))`;
}

export function exchangesOrder(query: ExchangesQuery) {
  const { column, direction } = splitSort(query.sort);
  return { sort: SORT_COLUMNS[column], direction };
}

/** Fields the bank's callbacks carry that only an exchange's detail page shows. */
export type ExchangeAccountField =
  | "fromTransactionsId"
  | "toTransactionsId"
  | "payeesId"
  | "transferType"
  | "fromCustomerAssetAccountId"
  | "toCustomerAssetAccountId";

/** One exchange in the list: its current state as the callbacks reported it, and when it moved. */
export interface ExchangeRow extends Omit<ExchangeStatusUpdate, "kind" | ExchangeAccountField> {
  firstSeenAt: string;
  lastUpdateAt: string;
  statusChanges: number;
}

interface ExchangeSqlRow {
  id: bigint;
  sort_value?: string | null;
  status: string;
  status_rank: number;
  exchange_type: string | null;
  asset_pair: string | null;
  managees_id: string | null;
  request_amount: string | null;
  request_price: string | null;
  executed_amount: string | null;
  executed_price: string | null;
  commission_fee: string | null;
  has_open_rfi: boolean | null;
  first_seen_at: Date;
  last_update_at: Date;
  status_changes: number;
}

const exact = (column: string) => Prisma.raw(exactDecimalText(column));

export const EXCHANGE_ROW_COLUMNS = Prisma.sql`x.exchange_id AS id, x.status, x.status_rank, x.exchange_type, x.asset_pair, x.managees_id::text AS managees_id,
  ${exact("x.request_amount")} AS request_amount, ${exact("x.request_price")} AS request_price, ${exact("x.executed_amount")} AS executed_amount,
  ${exact("x.executed_price")} AS executed_price, ${exact("x.commission_fee")} AS commission_fee, x.has_open_rfi, x.first_seen_at, x.last_update_at,
  x.status_changes`;

export function toExchangeRow(row: ExchangeSqlRow): ExchangeRow {
  return {
    exchangeId: row.id.toString(),
    status: row.status,
    statusRank: row.status_rank,
    exchangeType: row.exchange_type,
    assetPair: row.asset_pair,
    manageesId: row.managees_id,
    requestAmount: row.request_amount,
    requestPrice: row.request_price,
    executedAmount: row.executed_amount,
    executedPrice: row.executed_price,
    commissionFee: row.commission_fee,
    hasOpenRfi: row.has_open_rfi,
    firstSeenAt: row.first_seen_at.toISOString(),
    lastUpdateAt: row.last_update_at.toISOString(),
    statusChanges: row.status_changes,
  };
}

/** What one page of the list reads: shared by the list and the benchmark's EXPLAIN. */
export function exchangesPageRequest(query: ExchangesQuery): PageRequest {
  const { sort, direction } = exchangesOrder(query);
  return {
    from: Prisma.sql`FROM exchange x`,
    select: EXCHANGE_ROW_COLUMNS,
    where: exchangesWhere(query),
    idColumn: "x.exchange_id",
    sort,
    direction,
    page: query.page,
    cursor: query.cursor,
  };
}

export async function findExchanges(staff: StaffSession, query: ExchangesQuery): Promise<Page<ExchangeRow>> {
  authorize(staff);
  const page = await fetchPage<ExchangeSqlRow>(exchangesPageRequest(query));
  return { ...page, rows: page.rows.map(toExchangeRow) };
}

/** Asset pairs and statuses present, for the filter bar. */
export async function exchangeFilterChoices(staff: StaffSession): Promise<{ pairs: string[]; statuses: string[] }> {
  authorize(staff);
  const [pairs, statuses] = await Promise.all([
    distinctValues({ table: "exchange", column: "asset_pair" }),
    distinctValues({ table: "exchange", column: "status" }),
  ]);
  return { pairs, statuses };
}

/** The bank's fields, as exported from an exchange (`x`) or one of its timeline steps (`e`). */
const exchangeExportFields = (a: string): ExportColumn[] => [
  { header: "status", sql: `${a}.status`, kind: "text" },
  { header: "exchange_type", sql: `${a}.exchange_type`, kind: "text" },
  { header: "asset_pair", sql: `${a}.asset_pair`, kind: "text" },
  { header: "managee_id", sql: `${a}.managees_id`, kind: "code" },
  { header: "request_amount", sql: `${a}.request_amount`, kind: "decimal" },
  { header: "request_price", sql: `${a}.request_price`, kind: "decimal" },
  { header: "executed_amount", sql: `${a}.executed_amount`, kind: "decimal" },
  { header: "executed_price", sql: `${a}.executed_price`, kind: "decimal" },
  { header: "commission_fee", sql: `${a}.commission_fee`, kind: "decimal" },
  { header: "open_rfi", sql: `${a}.has_open_rfi`, kind: "boolean" },
  { header: "from_transactions_id", sql: `${a}.from_transactions_id`, kind: "code" },
  { header: "to_transactions_id", sql: `${a}.to_transactions_id`, kind: "code" },
  { header: "payees_id", sql: `${a}.payees_id`, kind: "code" },
  { header: "transfer_type", sql: `${a}.transfer_type`, kind: "text" },
  { header: "from_customer_asset_account_id", sql: `${a}.from_customer_asset_account_id`, kind: "code" },
  { header: "to_customer_asset_account_id", sql: `${a}.to_customer_asset_account_id`, kind: "code" },
];

/** Every exchange matching the list's filters, in the list's order. */
export function exchangesExport(query: ExchangesQuery): ExportQuery {
  const { sort, direction } = exchangesOrder(query);
  const order = direction.toUpperCase();
  return {
    columns: [
      { header: "exchange_id", sql: "x.exchange_id", kind: "code" },
      ...exchangeExportFields("x"),
      { header: "first_seen_utc", sql: "x.first_seen_at", kind: "timestamp" },
      { header: "last_update_utc", sql: "x.last_update_at", kind: "timestamp" },
      { header: "status_callbacks", sql: "x.status_changes", kind: "integer" },
    ],
    rest: Prisma.sql`FROM exchange x WHERE TRUE ${exchangesWhere(query)} ORDER BY ${Prisma.raw(`${sort.sql} ${order}, x.exchange_id ${order}`)}`,
  };
}

/** One exchange's status timeline, in order of arrival. */
export function exchangeTimelineExport(exchangeId: string): ExportQuery {
  return {
    columns: [
      { header: "exchange_id", sql: "e.exchange_id", kind: "code" },
      { header: "step_id", sql: "e.id", kind: "code" },
      { header: "callback_id", sql: "e.callback_id", kind: "text" },
      { header: "status_rank", sql: "e.status_rank", kind: "integer" },
      ...exchangeExportFields("e"),
      { header: "received_at_utc", sql: "e.received_at", kind: "timestamp" },
      {
        header: "duplicates_received",
        sql: "(SELECT count(*) FROM delivery dup WHERE dup.duplicate_of_id = e.delivery_id)",
        kind: "integer",
      },
      { header: "delivery_id", sql: "e.delivery_id", kind: "code" },
    ],
    rest: Prisma.sql`FROM exchange_status_event e WHERE e.exchange_id = ${exchangeId}::bigint ORDER BY e.received_at, e.id`,
  };
}

/** The exchanges list, declared once for its page, JSON route and exports. */
export const exchangesList: ListDeclaration<typeof exchangesQuery, ExchangeRow> = {
  name: "exchanges",
  schema: exchangesQuery,
  role: "viewer",
  find: findExchanges,
  exportQuery: exchangesExport,
};
