import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { parseEnv } from "@/lib/env.mjs";
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

function createPrismaClient() {
  const adapter = new PrismaPg({
    connectionString: requireDatabaseUrl(),
    max: settings().DATABASE_POOL_SIZE,
    // pg applies this to waiting for a free pooled connection as well as to opening one. A burst of
    // deliveries queues for the pool while the database is healthy: they must wait their turn, not
    // be refused with 503 (the CRM never retries). A database that is down refuses connections at
    // once, so that still fails fast; this only bounds a server that does not answer at all.
    connectionTimeoutMillis: 60_000,
  });
  return new PrismaClient({ adapter });
}

type AppPrismaClient = ReturnType<typeof createPrismaClient>;

// One client per process; in development, module reloads would otherwise open a pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: AppPrismaClient };

export function db(): AppPrismaClient {
  globalForPrisma.prisma ??= createPrismaClient();
  return globalForPrisma.prisma;
}
