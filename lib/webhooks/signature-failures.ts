import "server-only";
import { db } from "@/lib/db/client";
import type { Sender } from "@/lib/ingest/store-delivery";
import { log } from "@/lib/log";

// Refused requests are never stored, and counting each in the database would let anyone who can
// reach the endpoint generate writes. They are counted in memory per sender and hour and written
// out every few seconds, so an operator still sees that a sender is being refused. A few of them
// are kept as examples (when, from where, why, the signature header's shape, the body's size and
// hash — never the body), at most SAMPLES_PER_FLUSH per sender per write and KEPT_PER_SENDER in all:
// enough to tell a rotated secret from an attack, too few for an attacker to fill the database.
const FLUSH_EVERY_MS = 10_000;
const SAMPLES_PER_FLUSH = 20;
export const KEPT_PER_SENDER = 500;

export interface RefusalSample {
  at: Date;
  sourceAddress: string | null;
  reason: string;
  headerForm: string;
  bodyBytes: number;
  bodySha256: string;
}

interface Tally {
  count: number;
  lastAt: Date;
  lastReason: string;
}

const pending = new Map<string, Tally>();
const samples = new Map<Sender, RefusalSample[]>();
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

export function recordSignatureFailure(sender: Sender, sample: RefusalSample): void {
  const { at, reason } = sample;
  const key = `${sender}|${hourOf(at).toISOString()}`;
  const tally = pending.get(key) ?? { count: 0, lastAt: at, lastReason: reason };
  tally.count += 1;
  tally.lastAt = at;
  tally.lastReason = reason;
  pending.set(key, tally);
  const kept = samples.get(sender) ?? [];
  // The latest ones are the useful ones: past the cap, the oldest waiting sample gives way.
  if (kept.length >= SAMPLES_PER_FLUSH) kept.shift();
  kept.push(sample);
  samples.set(sender, kept);
  scheduleFlush();
}

/** What a signature header looked like, without its value: "missing", "sha256= + 64 hex", "44 base64", "other, 12 characters". */
export function headerShape(header: string | null): string {
  if (header === null || header.trim() === "") return "missing";
  let value = header.trim();
  let prefix = "";
  if (value.slice(0, 7).toLowerCase() === "sha256=") {
    prefix = "sha256= + ";
    value = value.slice(7);
  }
  if (/^[0-9a-fA-F]+$/.test(value)) return `${prefix}${value.length} hex`;
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return `${prefix}${value.length} base64`;
  return `${prefix}other, ${Math.min(value.length, 100_000)} characters`;
}

/** Writes the tallies (and the examples) out; on failure (database down) the tallies are kept for the next attempt. */
export async function flushSignatureFailures(): Promise<void> {
  flushScheduled = false;
  const batch = [...pending.entries()];
  pending.clear();
  const examples = [...samples.entries()];
  samples.clear();
  for (const [sender, kept] of examples) {
    try {
      await db().$transaction([
        db().refusedRequest.createMany({ data: kept.map((sample) => ({ sender, ...sample })) }),
        db().$executeRaw`
          DELETE FROM refused_request WHERE sender = ${sender}::"Sender" AND id < (
            SELECT coalesce(min(id), 0) FROM (SELECT id FROM refused_request WHERE sender = ${sender}::"Sender" ORDER BY id DESC LIMIT ${KEPT_PER_SENDER}) latest)`,
      ]);
    } catch (error) {
      // Examples are a convenience: lost with the database down, unlike the counts.
      log.warn({ err: error instanceof Error ? error.message : String(error) }, "could not keep refused-request examples");
    }
  }
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
