import "server-only";
import pg from "pg";
import { parseEnv } from "@/lib/env.mjs";

// A small plain-pg pool beside Prisma's, for what Prisma cannot do: streaming COPY … TO STDOUT.
const globalForPg = globalThis as unknown as { exportPool?: pg.Pool };

export function exportPool(): pg.Pool {
  if (!globalForPg.exportPool) {
    const url = parseEnv(process.env).DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set.");
    globalForPg.exportPool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 3_000, idleTimeoutMillis: 30_000 });
    // An idle client losing its connection (database restart) must not crash the process.
    globalForPg.exportPool.on("error", () => undefined);
  }
  return globalForPg.exportPool;
}
