import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { env } from "@/lib/env.mjs";
import { log } from "@/lib/log";
import { PrismaClient } from "./generated/client";

function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
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
    max: env().DATABASE_POOL_SIZE,
    // Fail fast while the database is down instead of queueing requests behind a dead pool.
    connectionTimeoutMillis: 3_000,
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
