import "server-only";
import { Readable } from "node:stream";
import { type CopyToStreamQuery, to as copyTo } from "pg-copy-streams";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { Prisma } from "@/lib/db/generated/client";
import { inlineSql } from "./inline-sql";

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

import { type ExportOutcome, failureReason, openExport } from "./export-session";

export type { ExportOutcome };

export interface CsvExport {
  /** Who asks: the export reads staff data, so it checks the session itself. */
  staff: StaffSession;
  /** The whole SELECT, filters and order included. */
  select: Prisma.Sql;
  /** The list's name in the file name, e.g. "exchanges". */
  name: string;
  /** Called once, however the export ended: every row sent, failed, or cancelled by the client. */
  onSettled?: (outcome: ExportOutcome) => void | Promise<void>;
}

export function csvFilename(name: string, now = new Date()): string {
  return `${name}-${now.toISOString().slice(0, 10)}.csv`;
}

/**
 * Streams every row of a query as CSV straight from PostgreSQL's COPY: constant memory whatever the
 * row count, RFC 4180 quoting by PostgreSQL, UTF-8 with a BOM so Excel reads CJK text correctly.
 *
 * The answer's status is decided only once PostgreSQL has accepted the query and sent its first
 * bytes (the header line), so a query that fails at once is an error status, never a 200 with an
 * empty file. A failure after that aborts the response: the client sees a broken download, never a
 * file that looks complete.
 */
export async function streamCsvExport({ staff, select, name, onSettled }: CsvExport): Promise<Response> {
  authorize(staff);
  let copy: CopyToStreamQuery | undefined;
  const opened = await openExport<Buffer>(name, onSettled, (client) => {
    copy = client.query(copyTo(`COPY (${inlineSql(select, client)}) TO STDOUT WITH (FORMAT csv, HEADER true)`));
    return copy;
  });
  if (opened instanceof Response) return opened;
  const { first, rest: rows, release, settle } = opened;
  const rowCount = () => copy?.rowCount ?? 0;

  async function* body(): AsyncGenerator<Buffer> {
    let finished = false;
    try {
      yield UTF8_BOM;
      if (!first.done) yield* inBlocks(first.value, rows);
      finished = true;
      release();
      settle({ status: "complete", rows: rowCount() });
    } catch (error) {
      if (!(error instanceof CopyFailed)) throw error;
      finished = true;
      release(error.cause as Error);
      settle({ status: "failed", rows: rowCount(), reason: failureReason(error.cause) });
      throw error.cause;
    } finally {
      if (!finished) {
        // The client went away (the stream was cancelled or destroyed under us): stop the COPY and
        // drop the connection rather than read on.
        copy?.destroy();
        release(new Error("export cancelled by the client"));
        settle({ status: "cancelled", rows: rowCount() });
      }
    }
  }

  const stream = Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${csvFilename(name)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** An error of the COPY itself (the database), told apart from the download being abandoned. */
class CopyFailed extends Error {
  constructor(cause: unknown) {
    super("COPY failed", { cause });
  }
}

/**
 * COPY hands over one small chunk per row. Passed on one by one, a million rows cost a million trips
 * through the web stream and the socket, which measured at less than half of COPY's own speed, and
 * erratically so; gathered into 64 KiB blocks they cost what COPY does.
 */
async function* inBlocks(first: Buffer, rest: AsyncIterator<Buffer>, blockBytes = 64 * 1024): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [first];
  let length = first.length;
  const read = () =>
    rest.next().catch((error: unknown) => {
      throw new CopyFailed(error);
    });
  for (let next = await read(); !next.done; next = await read()) {
    parts.push(next.value);
    length += next.value.length;
    if (length >= blockBytes) {
      yield Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (length > 0) yield Buffer.concat(parts, length);
}
