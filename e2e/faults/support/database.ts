// The PostgreSQL a fault spec inspects: either one it manages itself (so it can stop and start it
// under the app) or the supervisor's embedded one, reached with the credentials it generated.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { EmbeddedPostgresError, type RunningPostgres, startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { freePortAmong } from "./slots";

export interface TestDatabase {
  url: string;
  /** Fast shutdown (SIGINT): PostgreSQL ends every session and checkpoints. */
  stop: () => Promise<void>;
  /** Immediate shutdown (SIGQUIT): like a crash; the next start replays the WAL. */
  stopImmediately: () => Promise<void>;
  start: () => Promise<void>;
  pool: pg.Pool;
  close: () => Promise<void>;
}

function inspectionPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 10_000 });
  // An idle inspection connection dies when the test stops the database on purpose.
  pool.on("error", () => undefined);
  return pool;
}

/**
 * Starts PostgreSQL on `port`, waiting while the port is briefly taken: it lies in the ephemeral
 * range, and a restart must reuse it (the app's DATABASE_URL names it).
 */
async function startOnPort(dir: string, port: number): Promise<RunningPostgres> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startEmbeddedPostgres({ dir, port });
    } catch (error) {
      if (!(error instanceof EmbeddedPostgresError && /already in use/.test(error.message)) || attempt === 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** A migrated PostgreSQL under `.data/<dataDir>` on one of `ports`, emptied of app data, owned by the test. */
export async function startTestDatabase(dataDir: string, ports: readonly number[]): Promise<TestDatabase> {
  const dir = path.join(projectRoot, dataDir);
  const port = await freePortAmong(ports);
  let server = await startOnPort(dir, port);
  await applyMigrations(server.url);
  const pool = inspectionPool(server.url);
  await emptyAppTables(pool);
  return {
    url: server.url,
    stop: () => server.stop(),
    stopImmediately: async () => {
      process.kill(server.pid, "SIGQUIT");
      await server.exited;
      await server.stop();
    },
    start: async () => {
      server = await startOnPort(dir, port);
    },
    pool,
    close: async () => {
      await pool.end().catch(() => undefined);
      await server.stop();
    },
  };
}

/** The URL of the embedded PostgreSQL that `scripts/start.ts` runs under `dataDir`. */
export async function supervisorDatabaseUrl(dataDir: string, port: number): Promise<string> {
  const credentials = JSON.parse(await readFile(path.join(projectRoot, dataDir, "credentials.json"), "utf8")) as {
    user: string;
    password: string;
  };
  return `postgresql://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`;
}

export function supervisorDatabasePool(url: string): pg.Pool {
  return inspectionPool(url);
}

/** Each run starts from an empty inbox, so counts in assertions are this run's alone. */
export async function emptyAppTables(pool: pg.Pool): Promise<void> {
  await pool.query(
    "TRUNCATE exchange_status_event, exchange, prop_trading_request, delivery, signature_failure, notification_attempt, notification, alert_event, alert, alert_channel",
  );
  await pool.query("DELETE FROM alert_rule");
}

export const sha256 = (body: string | Buffer) => createHash("sha256").update(body).digest("hex");

export async function deliveryCount(pool: pg.Pool): Promise<number> {
  return Number((await pool.query<{ count: string }>("SELECT count(*) FROM delivery")).rows[0]?.count ?? 0);
}
