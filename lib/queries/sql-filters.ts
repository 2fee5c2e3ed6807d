import "server-only";
import { Prisma } from "@/lib/db/generated/client";

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
