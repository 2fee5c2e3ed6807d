import "server-only";
import { db } from "./client";

export type DatabaseHealth = { status: "up"; latencyMs: number } | { status: "down"; reason: string };

export async function checkDatabase(timeoutMs = 2_000): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      db().$queryRaw`SELECT 1`,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: "up", latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: "down", reason: error instanceof Error ? error.message.split("\n")[0] || error.name : "unknown error" };
  }
}
