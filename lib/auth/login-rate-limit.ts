import "server-only";
import ipaddr from "ipaddr.js";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";

interface Bucket {
  count: number;
  resetAt: Date;
}

/** Counts one event in a fixed window, atomically (concurrent attempts cannot slip past the limit). */
async function hit(key: string, windowSeconds: number): Promise<Bucket> {
  const rows = await db().$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO rate_limit_bucket (key, window_start, count) VALUES (${key}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit_bucket.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE rate_limit_bucket.count + 1 END,
      window_start = CASE WHEN rate_limit_bucket.window_start <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE rate_limit_bucket.window_start END
    RETURNING count, window_start`;
  const row = rows[0] ?? { count: 1, window_start: new Date() };
  return { count: row.count, resetAt: new Date(row.window_start.getTime() + windowSeconds * 1000) };
}

async function peek(key: string, windowSeconds: number): Promise<Bucket> {
  const rows = await db().$queryRaw<{ count: number; window_start: Date }[]>`
    SELECT count, window_start FROM rate_limit_bucket WHERE key = ${key} AND window_start > now() - make_interval(secs => ${windowSeconds})`;
  const row = rows[0];
  return row
    ? { count: row.count, resetAt: new Date(row.window_start.getTime() + windowSeconds * 1000) }
    : { count: 0, resetAt: new Date() };
}

const accountKey = (email: string) => `login:account:${email.trim().toLowerCase()}`;

/**
 * The per-address bucket. One IPv6 subscriber usually holds a whole /64, so IPv6 addresses count
 * per /64 — otherwise one client could change address for every attempt.
 */
export function addressBucket(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(":")}::/64`;
}

export type LoginGate = { allowed: true } | { allowed: false; retryAfterSeconds: number; limitedBy: "account" | "ip" };

/**
 * Called before a login attempt: every attempt counts against the client's address; an account that
 * has had too many failures is refused before its password is even checked. A request whose address
 * is unknown counts against no address (never one bucket shared by all such clients, which would let
 * one of them lock out the rest); the per-account limit still holds for it.
 */
export async function admitLoginAttempt(email: string, address: string | null): Promise<LoginGate> {
  const settings = env();
  const window = settings.LOGIN_RATE_WINDOW_SECONDS;
  const retryAfter = (bucket: Bucket) => Math.max(1, Math.ceil((bucket.resetAt.getTime() - Date.now()) / 1000));
  if (address) {
    const byAddress = await hit(`login:ip:${addressBucket(address)}`, window);
    if (byAddress.count > settings.LOGIN_MAX_ATTEMPTS_PER_IP)
      return { allowed: false, retryAfterSeconds: retryAfter(byAddress), limitedBy: "ip" };
  }
  const byAccount = await peek(accountKey(email), window);
  if (byAccount.count >= settings.LOGIN_MAX_FAILURES_PER_ACCOUNT)
    return { allowed: false, retryAfterSeconds: retryAfter(byAccount), limitedBy: "account" };
  return { allowed: true };
}

/** Called after the attempt: failures count against the account; a success clears its count. */
export async function recordLoginOutcome(email: string, succeeded: boolean): Promise<void> {
  if (succeeded) await db().rateLimitBucket.deleteMany({ where: { key: accountKey(email) } });
  else await hit(accountKey(email), env().LOGIN_RATE_WINDOW_SECONDS);
}
