import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { EXCHANGE_FIELDS, type ExchangeFieldValues, type ExchangeListFieldKey, type FieldKind } from "@/lib/catalogue/exchange";
import type { ExportColumn, ExportQuery } from "@/lib/csv/export-columns";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env.mjs";
import { TERMINAL_RANK } from "@/lib/ingest/banking/statuses";
import { distinctValues } from "./distinct-values";
import type { ExchangeSortColumn, ExchangesQuery } from "./exchanges-schema";
import { exchangesQuery } from "./exchanges-schema";
import { fetchPage, fetchRowsByIds, type Page, type PageRequest, type SortColumn } from "./keyset-page";
import type { ChangedRow, ListDeclaration } from "./list-declaration";
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

/** One exchange in the list: its current state as the callbacks reported it, and when it moved. */
export type ExchangeRow = { exchangeId: string; status: string; statusRank: number } & Pick<ExchangeFieldValues, ExchangeListFieldKey> & {
    firstSeenAt: string;
    lastUpdateAt: string;
    statusChanges: number;
  };

const LIST_FIELDS = EXCHANGE_FIELDS.filter((field) => field.inList);

/** A catalogue field as selected for reading into JavaScript: exact decimals and bigints as text, under its key. */
export function exchangeFieldSelect(alias: string, field: (typeof EXCHANGE_FIELDS)[number]): string {
  const column = `${alias}.${field.column}`;
  const value = field.kind === "decimal" ? exactDecimalText(column) : field.kind === "bigint" ? `${column}::text` : column;
  return `${value} AS "${field.key}"`;
}

export const EXCHANGE_ROW_COLUMNS = Prisma.raw(
  [
    `x.exchange_id AS id`,
    `x.status`,
    `x.status_rank AS "statusRank"`,
    ...LIST_FIELDS.map((field) => exchangeFieldSelect("x", field)),
    `x.first_seen_at AS "firstSeenAt"`,
    `x.last_update_at AS "lastUpdateAt"`,
    `x.status_changes AS "statusChanges"`,
  ].join(", "),
);

type ExchangeSqlRow = Omit<ExchangeRow, "exchangeId" | "firstSeenAt" | "lastUpdateAt"> & {
  id: bigint;
  firstSeenAt: Date;
  lastUpdateAt: Date;
};

export function toExchangeRow({ id, firstSeenAt, lastUpdateAt, ...row }: ExchangeSqlRow & { sort_value?: unknown }): ExchangeRow {
  const { sort_value: _sortValue, ...fields } = row;
  return { exchangeId: id.toString(), ...fields, firstSeenAt: firstSeenAt.toISOString(), lastUpdateAt: lastUpdateAt.toISOString() };
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

/** Exchanges the live console heard changed, each with whether it matches the list's filters. */
export async function findChangedExchanges(
  staff: StaffSession,
  query: ExchangesQuery,
  ids: readonly string[],
): Promise<ChangedRow<ExchangeRow>[]> {
  authorize(staff);
  const rows = await fetchRowsByIds<ExchangeSqlRow>(exchangesPageRequest(query), ids);
  return rows.map(({ live_matches, ...row }) => ({ id: row.id.toString(), matches: live_matches, row: toExchangeRow(row) }));
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

const EXPORT_KIND: Record<FieldKind, ExportColumn["kind"]> = { text: "text", decimal: "decimal", bigint: "code", boolean: "boolean" };

/** The bank's fields, as exported from an exchange (`x`) or one of its timeline steps (`e`). */
const exchangeExportFields = (a: string): ExportColumn[] => [
  { header: "status", sql: `${a}.status`, kind: "text" },
  ...EXCHANGE_FIELDS.map((field) => ({ header: field.header, sql: `${a}.${field.column}`, kind: EXPORT_KIND[field.kind] })),
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
  live: { key: "exchange", findByIds: findChangedExchanges },
};
