import "server-only";
import { db } from "@/lib/db/client";
import type { Sender } from "@/lib/ingest/store-delivery";
import { log } from "@/lib/log";

// Refused requests are never stored, and counting each in the database would let anyone who can
// reach the endpoint generate writes. They are counted in memory per sender and hour and written
// out every few seconds, so an operator still sees that a sender is being refused.
const FLUSH_EVERY_MS = 10_000;

interface Tally {
  count: number;
  lastAt: Date;
  lastReason: string;
}

const pending = new Map<string, Tally>();
let flushScheduled = false;

function scheduleFlush() {
  if (flushScheduled) return;
  flushScheduled = true;
  setTimeout(() => void flushSignatureFailures(), FLUSH_EVERY_MS).unref();
}

function hourOf(date: Date): Date {
  const hour = new Date(date);
  hour.setUTCMinutes(0, 0, 0);
  return hour;
}

export function recordSignatureFailure(sender: Sender, reason: string, at = new Date()): void {
  const key = `${sender}|${hourOf(at).toISOString()}`;
  const tally = pending.get(key) ?? { count: 0, lastAt: at, lastReason: reason };
  tally.count += 1;
  tally.lastAt = at;
  tally.lastReason = reason;
  pending.set(key, tally);
  scheduleFlush();
}

/** Writes the tallies out; on failure (database down) they are kept for the next attempt. */
export async function flushSignatureFailures(): Promise<void> {
  flushScheduled = false;
  const batch = [...pending.entries()];
  pending.clear();
  for (const [key, tally] of batch) {
    const [sender, hour] = key.split("|") as [Sender, string];
    try {
      await db().$executeRaw`
        INSERT INTO signature_failure (sender, hour, count, last_at, last_reason)
        VALUES (${sender}::"Sender", ${new Date(hour)}, ${tally.count}, ${tally.lastAt}, ${tally.lastReason})
        ON CONFLICT (sender, hour) DO UPDATE SET count = signature_failure.count + EXCLUDED.count,
          last_at = GREATEST(signature_failure.last_at, EXCLUDED.last_at), last_reason = EXCLUDED.last_reason`;
    } catch (error) {
      const kept = pending.get(key);
      pending.set(key, kept ? { ...kept, count: kept.count + tally.count } : tally);
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "could not record signature failures; will retry");
      scheduleFlush();
    }
  }
}
