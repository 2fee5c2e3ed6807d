import "server-only";
import { Prisma } from "@/lib/db/generated/client";

// SQL pieces several queries share: one home, so each is written (and fixed) once.

/** A row id as it may appear in a URL: a bigint's digits. */
export const ROW_ID = /^\d{1,18}$/;
export const isRowId = (text: string): boolean => ROW_ID.test(text);

/** A numeric(38,18) as the exact decimal, without its trailing zeros (numeric, for COPY). */
export function exactDecimal(column: string): string {
  return `trim_scale(${column})`;
}

/** …and as text, for reading into JavaScript without going through a float. */
export function exactDecimalText(column: string): string {
  return `trim_scale(${column})::text`;
}

/**
 * A `timestamptz` column within whole UTC days, both ends included. The day arithmetic happens in
 * PostgreSQL, whose dates reach far past 9999-12-31 + 1 day (JavaScript would have to write that
 * instant as "+010000-01-01", which PostgreSQL does not read).
 */
export function dayRangeConditions(column: string, from: string | undefined, to: string | undefined): Prisma.Sql[] {
  const conditions: Prisma.Sql[] = [];
  const col = Prisma.raw(column);
  if (from) conditions.push(Prisma.sql`${col} >= (${from}::date)::timestamp AT TIME ZONE 'UTC'`);
  if (to) conditions.push(Prisma.sql`${col} < (${to}::date + 1)::timestamp AT TIME ZONE 'UTC'`);
  return conditions;
}

/** `%`, `_` and `\` match literally in a free-text search. */
export function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
