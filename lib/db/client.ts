import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { parseEnv } from "@/lib/env.mjs";
import { log } from "@/lib/log";
import { PrismaClient } from "./generated/client";

// Read when the client is created, not from the start-up snapshot: scripts that start the embedded
// database set DATABASE_URL only once it is up.
function settings() {
  return parseEnv(process.env);
}

function requireDatabaseUrl(): string {
  const url = settings().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. Start the app with `npm start` (which provides an embedded PostgreSQL) or set DATABASE_URL.");
  }
  return url;
}

// One connection pool per process. Prisma runs on it; so does the webhook intake, whose few hot
// statements go straight to pg as named prepared statements (lib/ingest/store-delivery.ts).
function createDatabase() {
  const pool = new pg.Pool({
    connectionString: requireDatabaseUrl(),
    max: settings().DATABASE_POOL_SIZE,
    // pg applies this to waiting for a free pooled connection as well as to opening one. A burst of
    // deliveries queues for the pool while the database is healthy: they must wait their turn, not
    // be refused with 503 (the CRM never retries). A database that is down refuses connections at
    // once, so that still fails fast; this only bounds a server that does not answer at all.
    connectionTimeoutMillis: 60_000,
  });
  // An idle connection that breaks (the database restarts) must not take the process down.
  pool.on("error", (error) => log.warn({ err: error.message }, "idle database connection failed"));
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { prisma, pool };
}

type AppPrismaClient = ReturnType<typeof createDatabase>["prisma"];

// One client per process; in development, module reloads would otherwise open a pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: AppPrismaClient; pgPool?: pg.Pool };

function database() {
  if (!globalForPrisma.prisma || !globalForPrisma.pgPool) {
    const { prisma, pool } = createDatabase();
    globalForPrisma.prisma = prisma;
    globalForPrisma.pgPool = pool;
  }
  return { prisma: globalForPrisma.prisma, pool: globalForPrisma.pgPool };
}

export function db(): AppPrismaClient {
  return database().prisma;
}

/** The pool under db(), for statements that skip Prisma's query pipeline. */
export function dbPool(): pg.Pool {
  return database().pool;
}
