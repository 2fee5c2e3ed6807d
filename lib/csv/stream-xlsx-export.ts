import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { PoolClient } from "pg";
import QueryStream from "pg-query-stream";
import { authorize } from "@/lib/auth/staff-session";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { exportPool } from "@/lib/db/pg-pool";
import { log } from "@/lib/log";
import { type ExportColumn, type ExportQuery, typedSelect } from "./export-columns";
import { inlineSql } from "./inline-sql";
import type { CsvExport, ExportOutcome } from "./stream-csv-export";

const NO_STORE = { "Cache-Control": "no-store" };
const ROWS_PER_FETCH = 1_000;
/** What a spreadsheet holds exactly: IEEE doubles, 15 significant digits. */
const EXACT_DIGITS = 15;

export function xlsxFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.xlsx`;
}

/** A decimal as a spreadsheet number when the spreadsheet holds it exactly, else as text (never rounded). */
export function spreadsheetDecimal(text: string): { value: number; format: string } | { value: string } {
  const [integer = "", fraction = ""] = text.replace(/^-/, "").split(".");
  const significant = `${integer}${fraction}`.replace(/^0+/, "").length;
  const value = Number(text);
  if (significant > EXACT_DIGITS || !Number.isFinite(value)) return { value: text };
  return { value, format: fraction.length > 0 ? `#,##0.${"0".repeat(fraction.length)}` : "#,##0" };
}

function cell(column: ExportColumn, raw: unknown): { value: ExcelJS.CellValue; format?: string } {
  if (raw === null || raw === undefined) return { value: null };
  switch (column.kind) {
    case "integer": {
      const value = Number(raw);
      return Number.isSafeInteger(value) ? { value, format: "0" } : { value: String(raw) };
    }
    case "decimal":
      return spreadsheetDecimal(String(raw));
    case "timestamp":
      // Spreadsheets have no time zones: the header says UTC, and the cell is that UTC wall time.
      return { value: raw instanceof Date ? raw : new Date(String(raw)), format: "yyyy-mm-dd hh:mm:ss.000" };
    case "boolean":
      return { value: Boolean(raw) };
    default:
      return { value: String(raw) };
  }
}

const WIDTHS: Record<ExportColumn["kind"], number> = { text: 24, code: 16, integer: 12, decimal: 18, timestamp: 24, boolean: 10 };

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
  let settled = false;
  const settle = (outcome: ExportOutcome) => {
    if (settled) return;
    settled = true;
    if (outcome.status === "failed") log.error({ export: name, reason: outcome.reason, rows: outcome.rows }, "XLSX export failed");
    void Promise.resolve(onSettled?.(outcome)).catch((error: unknown) => log.error({ err: String(error) }, "export bookkeeping failed"));
  };

  let client: PoolClient;
  try {
    client = await exportPool().connect();
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      settle({ status: "failed", rows: 0, reason: "database unavailable" });
      return Response.json({ error: "database_unavailable" }, { status: 503, headers: { ...NO_STORE, "Retry-After": "10" } });
    }
    throw error;
  }
  const onConnectionError = (error: Error) => log.warn({ err: error.message, export: name }, "export connection lost");
  client.on("error", onConnectionError);
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.off("error", onConnectionError);
    client.release(error);
  };

  // Sent as its literal text, values inlined and escaped by pg itself, like the CSV export's COPY.
  const cursor = client.query(new QueryStream(inlineSql(typedSelect(query), client), [], { batchSize: ROWS_PER_FETCH }));
  const rows = cursor[Symbol.asyncIterator]() as AsyncIterator<Record<string, unknown>>;
  let first: IteratorResult<Record<string, unknown>>;
  try {
    first = await rows.next();
  } catch (error) {
    release(error as Error);
    const unavailable = isDatabaseUnavailable(error);
    settle({ status: "failed", rows: 0, reason: unavailable ? "database unavailable" : String((error as Error).message).slice(0, 300) });
    return unavailable
      ? Response.json({ error: "database_unavailable" }, { status: 503, headers: { ...NO_STORE, "Retry-After": "10" } })
      : Response.json({ error: "export_failed", detail: "The export could not be produced." }, { status: 500, headers: NO_STORE });
  }

  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = query.columns.map((column) => ({ header: column.header, key: column.header, width: WIDTHS[column.kind] }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();

  let count = 0;
  let cancelled = false;
  output.on("close", () => {
    if (!settled && !output.writableFinished) cancelled = true;
  });
  const write = (record: Record<string, unknown>) => {
    const row = sheet.addRow([]);
    query.columns.forEach((column, index) => {
      const { value, format } = cell(column, record[column.header]);
      const target = row.getCell(index + 1);
      target.value = value;
      if (format) target.numFmt = format;
    });
    row.commit();
    count += 1;
  };

  void (async () => {
    try {
      for (let next = first; !next.done; next = await rows.next()) {
        if (cancelled || output.destroyed) throw new Error("export cancelled by the client");
        write(next.value);
        // The archiver writes as it goes: wait when the client reads slower than we produce.
        if (output.writableNeedDrain) await new Promise((resolve) => output.once("drain", resolve));
      }
      sheet.commit();
      await workbook.commit();
      release();
      settle({ status: "complete", rows: count });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const byClient = cancelled || output.destroyed;
      cursor.destroy();
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
