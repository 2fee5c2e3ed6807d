import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import {
  PROP_TRADING_REQUEST_FIELDS,
  type RequestFieldKind,
  type RequestFieldRead,
  type RequestListFieldKey,
} from "@/lib/catalogue/prop-trading-request";
import type { ExportColumn, ExportQuery } from "@/lib/csv/export-columns";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { distinctValues } from "./distinct-values";
import { fetchPage, fetchRowsByIds, type Page, type PageRequest, type SortColumn } from "./keyset-page";
import type { ChangedRow, ListDeclaration } from "./list-declaration";
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

/** One rejected request in the list: the catalogue's list fields, read as JSON-safe values, and when it arrived. */
export type RejectedPropTradingRow = { id: string; receivedAt: string } & Pick<RequestFieldRead, RequestListFieldKey>;

/** A catalogue field as selected for reading into JavaScript, under its key (decimals as exact text). */
function requestFieldSelect(field: (typeof PROP_TRADING_REQUEST_FIELDS)[number]): string {
  const column = `r.${field.column}`;
  const value = field.kind === "decimal" ? exactDecimalText(column) : field.kind === "stage" ? `${column}::text` : column;
  return `${value} AS "${field.key}"`;
}

const LIST_FIELDS = PROP_TRADING_REQUEST_FIELDS.filter((field) => field.inList);
const ROW_COLUMNS = Prisma.raw(["r.id", ...LIST_FIELDS.map(requestFieldSelect), `r.received_at AS "receivedAt"`].join(", "));
const DETAIL_COLUMNS = Prisma.raw(
  [
    "r.id",
    ...PROP_TRADING_REQUEST_FIELDS.map(requestFieldSelect),
    `r.received_at AS "receivedAt"`,
    "r.status",
    `r.delivery_id AS "deliveryId"`,
  ].join(", "),
);

/** Times as ISO 8601 text, ids as text: what a page or a JSON answer can carry. */
function readable<Row extends Record<string, unknown>>(
  row: Row,
): { [Key in keyof Row]: Row[Key] extends Date ? string : Row[Key] extends bigint ? string : Row[Key] } {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value instanceof Date ? value.toISOString() : typeof value === "bigint" ? value.toString() : value,
    ]),
  ) as never;
}

function toRow({ sort_value: _sortValue, ...row }: Record<string, unknown>): RejectedPropTradingRow {
  return readable(row) as RejectedPropTradingRow;
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
  const page = await fetchPage<{ id: bigint; sort_value?: string | null }>(rejectedPropTradingPageRequest(query));
  return { ...page, rows: page.rows.map(toRow) };
}

/** Requests the live console heard recorded, each with whether it matches the list's filters. */
export async function findChangedRejectedPropTradingRequests(
  staff: StaffSession,
  query: RejectedPropTradingQuery,
  ids: readonly string[],
): Promise<ChangedRow<RejectedPropTradingRow>[]> {
  authorize(staff);
  const rows = await fetchRowsByIds<{ id: bigint }>(rejectedPropTradingPageRequest(query), ids);
  return rows.map(({ live_matches, ...row }) => ({ id: row.id.toString(), matches: live_matches, row: toRow(row) }));
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

/** One rejected request with every field of the catalogue. */
export type RejectedPropTradingDetail = { id: string; receivedAt: string; status: string; deliveryId: string | null } & RequestFieldRead;

export async function findRejectedPropTradingRequest(staff: StaffSession, id: string): Promise<RejectedPropTradingDetail | undefined> {
  authorize(staff);
  if (!isRowId(id)) return undefined;
  const rows = await db().$queryRaw<
    Record<string, unknown>[]
  >`SELECT ${DETAIL_COLUMNS} FROM prop_trading_request r WHERE r.id = ${id}::bigint`;
  const row = rows[0];
  // deliveryId: null once the retention purge removed the raw delivery.
  return row ? (readable(row) as RejectedPropTradingDetail) : undefined;
}

const EXPORT_KIND: Record<RequestFieldKind, ExportColumn["kind"]> = {
  text: "text",
  stage: "code",
  decimal: "decimal",
  timestamp: "timestamp",
  json: "text",
};

/** A catalogue field as exported; a locale → name map as "locale: name; …". */
function requestExportColumn(field: Extract<(typeof PROP_TRADING_REQUEST_FIELDS)[number], { header: string }>): ExportColumn {
  const column = `r.${field.column}`;
  const sql =
    field.kind === "json"
      ? `(SELECT string_agg(key || ': ' || value, '; ' ORDER BY key) FROM jsonb_each_text(${column}))`
      : field.kind === "stage"
        ? `${column}::text`
        : column;
  return { header: field.header, sql, kind: EXPORT_KIND[field.kind] };
}

/** Every row matching the list's filters, in the list's order. */
export function rejectedPropTradingExport(query: RejectedPropTradingQuery): ExportQuery {
  const { sort, direction } = rejectedPropTradingOrder(query);
  const order = direction.toUpperCase();
  return {
    columns: [
      ...PROP_TRADING_REQUEST_FIELDS.flatMap((field) =>
        "header" in field
          ? [requestExportColumn(field), ...(field.key === "stage" ? [{ header: "status", sql: "r.status", kind: "code" } as const] : [])]
          : [],
      ),
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
  live: { key: "request", findByIds: findChangedRejectedPropTradingRequests },
};
