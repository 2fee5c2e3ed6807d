import path from "node:path";
import pg from "pg";
import { firstFreePort } from "@/tooling/ports";
import { checkConnection, describeDatabaseUrl } from "@/tooling/postgres/database-server";
import { startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";
import { projectRoot } from "@/tooling/prisma/prisma-cli";

export interface BenchDatabase {
  url: string;
  embedded: boolean;
  /** What to call it in messages (no password). */
  description: string;
  /** The postmaster's pid when embedded (for machine facts); undefined for an external server. */
  serverPid?: number;
  stop: () => Promise<void>;
}

export const BENCH_PG_DIR = process.env.BENCH_PG_DIR ?? ".data/bench";
/** Without BENCH_PG_PORT, the first free of 54400–54409: these lie in Linux's ephemeral range, so another program's client may hold one for a while. */
const PORTS = process.env.BENCH_PG_PORT ? [Number(process.env.BENCH_PG_PORT)] : Array.from({ length: 10 }, (_, index) => 54400 + index);

async function choosePort(): Promise<number> {
  return (await firstFreePort(PORTS)) ?? (PORTS[0] as number);
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function openBenchDatabase(databaseName: string, say: (message: string) => void): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    await checkConnection(external);
    say(`Using DATABASE_URL: ${describeDatabaseUrl(external)}`);
    return { url: external, embedded: false, description: describeDatabaseUrl(external), stop: async () => undefined };
  }
  const dir = path.resolve(projectRoot, BENCH_PG_DIR);
  const port = await choosePort();
  say(`Starting the embedded PostgreSQL in ${path.relative(projectRoot, dir)} on port ${port}…`);
  const server = await startEmbeddedPostgres({ dir, port });
  try {
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [databaseName]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(databaseName)}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = withDatabase(server.url, databaseName);
  return { url, embedded: true, description: describeDatabaseUrl(url), serverPid: server.pid, stop: server.stop };
}
