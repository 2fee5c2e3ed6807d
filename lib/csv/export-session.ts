import "server-only";
import type { PoolClient } from "pg";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { exportPool } from "@/lib/db/pg-pool";
import { log } from "@/lib/log";

/** How an export ended, for the audit log. */
export type ExportOutcome =
  | { status: "complete"; rows: number }
  | { status: "failed"; rows: number; reason: string }
  | { status: "cancelled"; rows: number };

const NO_STORE = { "Cache-Control": "no-store" };

export function failureReason(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return `${typeof code === "string" ? `${code} ` : ""}${typeof message === "string" ? message : "unknown error"}`.slice(0, 300);
  }
  return String(error).slice(0, 300);
}

export interface OpenExport<Item> {
  /** The database's first answer (a CSV header line, a first row), or done. */
  first: IteratorResult<Item>;
  rest: AsyncIterator<Item>;
  client: PoolClient;
  /** Back to the pool; with an error the connection is closed instead (it may be mid-query). */
  release: (error?: Error) => void;
  /** Records how it ended, once. */
  settle: (outcome: ExportOutcome) => void;
}

/**
 * What every export does before its first byte: a connection of the export pool, the query started
 * (`start`), and its first answer awaited — so a query PostgreSQL refuses is an error status (503
 * while the database is down, else 500), never a 200 with an empty file. Returns the Response to
 * send instead when it fails.
 */
export async function openExport<Item>(
  name: string,
  onSettled: ((outcome: ExportOutcome) => void | Promise<void>) | undefined,
  start: (client: PoolClient) => AsyncIterable<Item>,
): Promise<OpenExport<Item> | Response> {
  let settled = false;
  const settle = (outcome: ExportOutcome) => {
    if (settled) return;
    settled = true;
    if (outcome.status === "failed") log.error({ export: name, reason: outcome.reason, rows: outcome.rows }, "export failed");
    void Promise.resolve(onSettled?.(outcome)).catch((error: unknown) => log.error({ err: String(error) }, "export bookkeeping failed"));
  };
  const unavailable = () =>
    Response.json({ error: "database_unavailable" }, { status: 503, headers: { ...NO_STORE, "Retry-After": "10" } });

  let client: PoolClient;
  try {
    client = await exportPool().connect();
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    settle({ status: "failed", rows: 0, reason: "database unavailable" });
    return unavailable();
  }
  // A connection that dies while checked out emits "error" on the client: unheard, that would end the process.
  const onConnectionError = (error: Error) => log.warn({ err: error.message, export: name }, "export connection lost");
  client.on("error", onConnectionError);
  let released = false;
  const release = (error?: Error) => {
    if (released) return;
    released = true;
    client.off("error", onConnectionError);
    client.release(error);
  };

  const rest = start(client)[Symbol.asyncIterator]();
  try {
    const first = await rest.next();
    return { first, rest, client, release, settle };
  } catch (error) {
    release(error as Error);
    const down = isDatabaseUnavailable(error);
    settle({ status: "failed", rows: 0, reason: down ? "database unavailable" : failureReason(error) });
    return down
      ? unavailable()
      : Response.json({ error: "export_failed", detail: "The export could not be produced." }, { status: 500, headers: NO_STORE });
  }
}
