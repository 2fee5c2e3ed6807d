import "server-only";
import { PassThrough, Readable } from "node:stream";
import QueryStream from "pg-query-stream";
import { authorize } from "@/lib/auth/staff-session";
import { type ExportColumn, type ExportQuery, typedSelect } from "./export-columns";
import { openExport } from "./export-session";
import { inlineSql } from "./inline-sql";
import type { CsvExport } from "./stream-csv-export";
import { type XlsxCell, type XlsxKind, XlsxStreamWriter } from "./xlsx-writer";

const NO_STORE = { "Cache-Control": "no-store" };

class CancelledByClient extends Error {
  constructor() {
    super("export cancelled by the client");
  }
}
const ROWS_PER_FETCH = 1_000;
/** What a spreadsheet holds exactly: IEEE doubles, 15 significant digits. */
const EXACT_DIGITS = 15;

export function xlsxFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.xlsx`;
}

/** A decimal as a spreadsheet number when the spreadsheet holds it exactly, else as text (never rounded). */
export function spreadsheetDecimal(text: string): { value: number } | { value: string } {
  const [integer = "", fraction = ""] = text.replace(/^-/, "").split(".");
  const significant = `${integer}${fraction}`.replace(/^0+/, "").length;
  const value = Number(text);
  if (significant > EXACT_DIGITS || !Number.isFinite(value)) return { value: text };
  return { value };
}

function cellValue(column: ExportColumn, raw: unknown): XlsxCell {
  if (raw === null || raw === undefined) return null;
  switch (column.kind) {
    case "integer": {
      const value = Number(raw);
      return Number.isSafeInteger(value) ? value : String(raw);
    }
    case "decimal":
      return spreadsheetDecimal(String(raw)).value;
    case "timestamp":
      // Spreadsheets have no time zones: the header says UTC, and the cell is that UTC wall time.
      return raw instanceof Date ? raw : new Date(String(raw));
    case "boolean":
      return Boolean(raw);
    default:
      return String(raw);
  }
}

const XLSX_KIND: Record<ExportColumn["kind"], XlsxKind> = {
  text: "text",
  code: "text",
  integer: "integer",
  decimal: "decimal",
  timestamp: "timestamp",
  boolean: "boolean",
};

/**
 * Streams every row of an export as an XLSX workbook: a frozen header row, ids and codes as text
 * (a spreadsheet would turn 0012345 into 12345), times as dates, decimals as numbers where a
 * spreadsheet holds them exactly and as text where it would round them. Rows come from a cursor
 * and go out as they are written, so memory stays flat whatever the count. Like the CSV export,
 * the status waits for the database's first answer, and a later failure aborts the download.
 */
export async function streamXlsxExport({
  staff,
  query,
  name,
  onSettled,
}: Omit<CsvExport, "select"> & { query: ExportQuery }): Promise<Response> {
  authorize(staff);
  let cursor: QueryStream | undefined;
  const opened = await openExport<Record<string, unknown>>(name, onSettled, (client) => {
    // Sent as its literal text, values inlined and escaped by pg itself, like the CSV export's COPY.
    cursor = client.query(new QueryStream(inlineSql(typedSelect(query), client), [], { batchSize: ROWS_PER_FETCH }));
    return cursor;
  });
  if (opened instanceof Response) return opened;
  const { first, rest: rows, release, settle } = opened;

  const output = new PassThrough();
  const writer = new XlsxStreamWriter(
    (chunk, final) => {
      output.write(chunk);
      if (final) output.end();
    },
    (error) => output.destroy(error),
  );
  writer.start(
    name,
    query.columns.map((column) => ({ header: column.header, kind: XLSX_KIND[column.kind] })),
  );

  let count = 0;
  void (async () => {
    try {
      for (let next = first; !next.done; next = await rows.next()) {
        if (output.destroyed) throw new CancelledByClient();
        writer.row(query.columns.map((column) => cellValue(column, next.value[column.header])));
        count += 1;
        // Produce no faster than the client reads: what waits, waits in the socket, not in memory.
        if (output.writableNeedDrain) await new Promise((resolve) => output.once("drain", resolve).once("close", resolve));
      }
      writer.end();
      release();
      settle({ status: "complete", rows: count });
    } catch (error) {
      const byClient = error instanceof CancelledByClient || output.destroyed;
      const reason = error instanceof Error ? error.message : String(error);
      cursor?.destroy();
      release(new Error(reason));
      settle(byClient ? { status: "cancelled", rows: count } : { status: "failed", rows: count, reason: reason.slice(0, 300) });
      output.destroy(byClient ? undefined : (error as Error));
    }
  })();

  const body = Readable.toWeb(output) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${xlsxFilename(name)}"`,
      ...NO_STORE,
      "X-Content-Type-Options": "nosniff",
    },
  });
}
