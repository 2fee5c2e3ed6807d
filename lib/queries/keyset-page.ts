import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { COUNT_CAP, PAGE_SIZE } from "./list-query";

/** A column a list can be sorted by. Keyset paging needs it NOT NULL; nullable columns page by offset. */
export interface SortColumn {
  /** SQL expression, e.g. `r.request_time`. */
  sql: string;
  kind: "timestamp" | "number" | "text";
  nullable: boolean;
}

export interface PageRequest {
  /** `FROM … ` clause (table with alias). */
  from: Prisma.Sql;
  /** Selected columns; must include the row id as `id` (the sort value is added here, as `sort_value`). */
  select: Prisma.Sql;
  where: Prisma.Sql;
  /** The unique, NOT NULL tiebreaker, e.g. `r.id`. */
  idColumn: string;
  sort: SortColumn;
  direction: "asc" | "desc";
  page: number;
  cursor?: string;
  /** Count exactly up to this many rows (default COUNT_CAP); beyond it the total shows as "more than". */
  countCap?: number;
}

export interface Page<Row> {
  rows: Row[];
  page: number;
  /** Exact up to the count cap (COUNT_CAP unless the list sets another), then the cap with `totalCapped`. */
  total: number;
  totalCapped: boolean;
  hasNext: boolean;
  hasPrevious: boolean;
  /** Keyset positions of the neighbouring pages (absent for offset-paged sorts: links then carry only the page number). */
  nextCursor?: string;
  previousCursor?: string;
}

interface Cursor {
  direction: "after" | "before";
  value: string | null;
  id: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.direction === "after" ? "a" : "b", cursor.value, cursor.id])).toString("base64url");
}

/** What a sort value of each kind looks like when this server wrote it: anything else is forged. */
const SORT_VALUE_SHAPES: Record<SortColumn["kind"], (value: string) => boolean> = {
  timestamp: (value) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  number: (value) => /^-?\d{1,20}(\.\d{1,18})?$/.test(value),
  text: (value) => value.length <= 300 && !value.includes("\u0000"),
};

/** A position from a URL, or undefined (the first page) when it is not one this server could have written. */
function decodeCursor(text: string | undefined, kind: SortColumn["kind"]): Cursor | undefined {
  if (!text) return undefined;
  try {
    const [direction, value, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    if (
      (direction !== "a" && direction !== "b") ||
      (value !== null && (typeof value !== "string" || !SORT_VALUE_SHAPES[kind](value))) ||
      typeof id !== "string" ||
      !/^\d{1,18}$/.test(id)
    ) {
      return undefined;
    }
    return { direction: direction === "a" ? "after" : "before", value, id };
  } catch {
    return undefined;
  }
}

function typedValue(sort: SortColumn, value: string): Prisma.Sql {
  // As text: a JavaScript Date would drop the microseconds PostgreSQL keeps, and rows could be skipped.
  if (sort.kind === "timestamp") return Prisma.sql`${value}::timestamptz`;
  if (sort.kind === "number") return Prisma.sql`${value}::numeric`;
  return Prisma.sql`${value}`;
}

const countCapOf = (request: PageRequest) => request.countCap ?? COUNT_CAP;

/** The two statements a page runs: its rows (one more than a page, to know whether another follows) and its capped count. */
export function pageStatements(request: PageRequest): { rows: Prisma.Sql; count: Prisma.Sql } {
  const { rowsQuery, countQuery } = plan(request);
  return { rows: rowsQuery, count: countQuery };
}

/** The sort column's value as text, as the cursor keeps it (timestamps with their microseconds). */
function sortValueSql(sort: SortColumn): Prisma.Sql {
  return Prisma.raw(sort.kind === "timestamp" ? `to_json(${sort.sql}) #>> '{}'` : `${sort.sql}::text`);
}

function plan(request: PageRequest) {
  const { sort, direction, idColumn } = request;
  const select = Prisma.sql`${request.select}, ${sortValueSql(sort)} AS sort_value`;
  const cursor = sort.nullable ? undefined : decodeCursor(request.cursor, sort.kind);
  const backwards = cursor?.direction === "before";
  const scanDirection = backwards ? (direction === "asc" ? "desc" : "asc") : direction;
  // PostgreSQL's default null placement (last ascending, first descending) lets one (column, id)
  // index serve both directions.
  const order = Prisma.raw(`ORDER BY ${sort.sql} ${scanDirection.toUpperCase()}, ${idColumn} ${scanDirection.toUpperCase()}`);

  let position = Prisma.empty;
  if (cursor && cursor.value !== null) {
    const comparison = Prisma.raw(scanDirection === "desc" ? "<" : ">");
    position = Prisma.sql`AND (${Prisma.raw(sort.sql)}, ${Prisma.raw(idColumn)}) ${comparison} (${typedValue(sort, cursor.value)}, ${cursor.id}::bigint)`;
  }
  const offset = cursor ? 0 : (request.page - 1) * PAGE_SIZE;
  const rowsQuery =
    offset > 0
      ? // Deferred join: skip over the narrow index first, then read the 50 rows.
        Prisma.sql`SELECT ${select} ${request.from}
          JOIN (SELECT ${Prisma.raw(idColumn)} AS page_id ${request.from} WHERE TRUE ${request.where} ${order} OFFSET ${offset} LIMIT ${PAGE_SIZE + 1}) page
            ON page.page_id = ${Prisma.raw(idColumn)}
          ${order}`
      : Prisma.sql`SELECT ${select} ${request.from} WHERE TRUE ${request.where} ${position} ${order} LIMIT ${PAGE_SIZE + 1}`;
  const countQuery = Prisma.sql`SELECT count(*)::int AS total FROM (SELECT 1 ${request.from} WHERE TRUE ${request.where} LIMIT ${countCapOf(request) + 1}) capped`;
  return { rowsQuery, countQuery, backwards };
}

/**
 * One page of a list, sorted by one column plus the id. Moving page by page uses keyset positions
 * (`WHERE (col, id) < (…)`), so page 20 000 costs what page 2 costs; a page number without a position
 * (a hand-edited URL) falls back to an offset over the index alone before fetching the 50 rows.
 */
export async function fetchPage<Row extends { id: bigint | string; sort_value?: string | null }>(request: PageRequest): Promise<Page<Row>> {
  const { sort } = request;
  const { rowsQuery, countQuery, backwards } = plan(request);
  const [fetched, counted] = await Promise.all([db().$queryRaw<Row[]>(rowsQuery), db().$queryRaw<{ total: number }[]>(countQuery)]);
  const more = fetched.length > PAGE_SIZE;
  const rows = fetched.slice(0, PAGE_SIZE);
  if (backwards) rows.reverse();
  const total = Math.min(counted[0]?.total ?? 0, countCapOf(request));
  const page = Math.max(1, request.page);

  const positionOf = (row: Row | undefined, to: Cursor["direction"]) =>
    row && !sort.nullable ? encodeCursor({ direction: to, value: row.sort_value ?? null, id: String(row.id) }) : undefined;
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : page > 1;
  return {
    rows,
    page,
    total,
    totalCapped: (counted[0]?.total ?? 0) > countCapOf(request),
    hasNext,
    hasPrevious,
    nextCursor: hasNext ? positionOf(rows.at(-1), "after") : undefined,
    previousCursor: hasPrevious ? positionOf(rows[0], "before") : undefined,
  };
}

/** At most this many ids per lookup of changed rows. */
export const CHANGED_ROWS_LIMIT = 200;

/**
 * The list's rows with these ids, wherever they sort, each with whether it matches the list's
 * filters (`live_matches`): what the live console asks when changes arrive for a list on screen.
 */
export async function fetchRowsByIds<Row extends { id: bigint | string }>(
  request: PageRequest,
  ids: readonly string[],
): Promise<(Row & { live_matches: boolean })[]> {
  const wanted = ids.filter((id) => /^\d{1,18}$/.test(id)).slice(0, CHANGED_ROWS_LIMIT);
  if (wanted.length === 0) return [];
  return db().$queryRaw<(Row & { live_matches: boolean })[]>(
    Prisma.sql`SELECT ${request.select}, (TRUE ${request.where}) AS live_matches ${request.from}
      WHERE ${Prisma.raw(request.idColumn)} = ANY(${`{${wanted.join(",")}}`}::bigint[])`,
  );
}
