// Which PostgreSQL the app talks to: DATABASE_URL when set, otherwise an embedded one under
// EMBEDDED_PG_DIR. Used by the start-up, migration and seed scripts, never by request handlers.
import path from "node:path";
import pg from "pg";
import type { Env } from "@/lib/env.mjs";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "./embedded-postgres";

export interface DatabaseServer {
  url: string;
  embedded: boolean;
  /** Stops the embedded server; does nothing for an external one. */
  stop: () => Promise<void>;
  /** Resolves if the embedded server exits on its own; never for an external one. */
  exited: Promise<number | null>;
}

export class DatabaseUnreachableError extends Error {
  override name = "DatabaseUnreachableError";
}

/** Describes the server without its password, for messages. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function checkConnection(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DatabaseUnreachableError(
      `Cannot reach the database at ${describeDatabaseUrl(url)} (${reason}). Check DATABASE_URL and that the server is running.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDatabaseServer(
  settings: Pick<Env, "DATABASE_URL" | "EMBEDDED_PG_DIR" | "EMBEDDED_PG_PORT" | "EMBEDDED_PG_BIN_DIR">,
  options: { projectRoot: string; onLog?: (line: string) => void },
): Promise<DatabaseServer> {
  if (settings.DATABASE_URL) {
    await checkConnection(settings.DATABASE_URL);
    return { url: settings.DATABASE_URL, embedded: false, stop: async () => undefined, exited: new Promise(() => undefined) };
  }
  const dir = path.resolve(options.projectRoot, settings.EMBEDDED_PG_DIR);
  const server = await startEmbeddedPostgres({
    dir,
    port: settings.EMBEDDED_PG_PORT,
    onLog: options.onLog,
    binDir: settings.EMBEDDED_PG_BIN_DIR,
  });
  return { url: server.url, embedded: true, stop: server.stop, exited: server.exited };
}

export { EmbeddedPostgresError };
