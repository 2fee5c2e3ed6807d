// One declaration per exported column — its header, its SQL, and what kind of value it is — from
// which both files are written: CSV cells in their final text form by PostgreSQL's COPY, and typed
// spreadsheet cells (text, whole numbers, exact decimals, UTC times) for the XLSX writer.
import { Prisma } from "@/lib/db/generated/client";
import { exactDecimal } from "@/lib/queries/sql";
import { csvBoolean, isoUtc, safeText } from "./csv-columns";

/**
 * - `text`: free text from a sender (CSV: a leading =, +, -, @ is neutralised).
 * - `code`: an id or code that must stay text in a spreadsheet (e.g. 0012345), or an enum of ours.
 * - `integer`: a whole number (bigint kept exact).
 * - `decimal`: an exact decimal (numeric(38,18)).
 * - `timestamp`: an instant, written in UTC.
 * - `boolean`.
 */
export type ExportKind = "text" | "code" | "integer" | "decimal" | "timestamp" | "boolean";

export interface ExportColumn {
  header: string;
  sql: string;
  kind: ExportKind;
}

/** A whole export: its columns and the rest of its SELECT (FROM, WHERE, ORDER BY). */
export interface ExportQuery {
  columns: ExportColumn[];
  rest: Prisma.Sql;
}

const quoted = (header: string) => `"${header.replaceAll('"', "")}"`;

function csvExpression(column: ExportColumn): string {
  switch (column.kind) {
    case "text":
      return safeText(column.sql);
    case "decimal":
      return exactDecimal(column.sql);
    case "timestamp":
      return isoUtc(column.sql);
    case "boolean":
      return csvBoolean(column.sql);
    default:
      return column.sql;
  }
}

/** Exact in transit: numbers as text (a bigint or numeric(38,18) does not fit a JavaScript number). */
function typedExpression(column: ExportColumn): string {
  switch (column.kind) {
    case "integer":
    case "code":
      return `(${column.sql})::text`;
    case "decimal":
      return `${exactDecimal(column.sql)}::text`;
    default:
      return column.sql;
  }
}

/** The SELECT whose COPY is the CSV file: every cell already in its final text form. */
export function csvSelect(query: ExportQuery): Prisma.Sql {
  const list = query.columns.map((column) => `${csvExpression(column)} AS ${quoted(column.header)}`).join(",\n  ");
  return Prisma.sql`SELECT ${Prisma.raw(list)} ${query.rest}`;
}

/** The same SELECT with values as typed as they can travel exactly, for the spreadsheet writer. */
export function typedSelect(query: ExportQuery): Prisma.Sql {
  const list = query.columns.map((column) => `${typedExpression(column)} AS ${quoted(column.header)}`).join(",\n  ");
  return Prisma.sql`SELECT ${Prisma.raw(list)} ${query.rest}`;
}
