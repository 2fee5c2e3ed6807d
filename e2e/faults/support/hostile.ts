// Shared by the hostile-input specs: send one case, look at what the database kept for its exact
// bytes, and record both in the machine-readable summary.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import type pg from "pg";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { type SenderName, signedHeaders } from "@/tooling/testing/webhook-requests";
import { sha256 } from "./database";
import { answerJson, describeOutcome, type HttpOutcome, httpRequest } from "./http";
import { recordHostileCase } from "./report";

export const SENDERS: readonly SenderName[] = ["crm", "banking"];

/**
 * No hostile body may hold the server longer than this: parsing and checking what a sender sent
 * must stay linear and capped, whatever the bytes. Generous for a loaded 2-core machine (a usual
 * answer takes a few ms); a quadratic pattern or a number written out in full took seconds.
 */
export const HOSTILE_ANSWER_BOUND_MS = 250;

const run = randomUUID().slice(0, 8);
let counter = 0;
/** An id no other delivery of any run has used. */
export const uniqueId = (label: string) => `${label}-${run}-${++counter}`;
let exchangeCounter = Math.floor(Math.random() * 1_000_000) * 1_000;
export const uniqueExchangeId = () => ++exchangeCounter;

/** A valid payload of each sender, unique to this call (a new request id, callback Id and exchange). */
export function validPayload(sender: SenderName) {
  return sender === "crm"
    ? crmRejectPayload({ id: uniqueId("req"), userId: uniqueId("user") })
    : exchangeCallbackPayload({ callbackId: randomUUID(), exchangeId: uniqueExchangeId(), status: "Pending" });
}

export interface StoredRow {
  id: string;
  outcome: string;
  quarantineReason: string | null;
  validationErrors: { path: string; message: string }[] | null;
  note: string | null;
  eventType: string;
  rawBody: Buffer;
}

/** Every inbox row of a sender holding exactly these bytes. */
async function rowsFor(pool: pg.Pool, sender: SenderName, body: string | Buffer): Promise<StoredRow[]> {
  const result = await pool.query<StoredRow>(
    `SELECT id::text, outcome::text, quarantine_reason AS "quarantineReason", validation_errors AS "validationErrors", note,
            event_type AS "eventType", raw_body AS "rawBody"
       FROM delivery WHERE sender = $1::"Sender" AND body_sha256 = $2 ORDER BY id`,
    [sender, sha256(body)],
  );
  return result.rows;
}

function describeRows(rows: StoredRow[]): string {
  if (rows.length === 0) return "nothing stored";
  return rows
    .map((row) => {
      const details = [row.quarantineReason, row.validationErrors?.map((issue) => `${issue.path}: ${issue.message}`).join("; "), row.note]
        .filter(Boolean)
        .join(" — ");
      return details ? `${row.outcome} (${details})` : row.outcome;
    })
    .join(", ");
}

export interface CaseResult {
  outcome: HttpOutcome;
  status: number | undefined;
  json: Record<string, unknown> | undefined;
  rows: StoredRow[];
}

/** POSTs one hostile case to a sender's endpoint and records what it got and what was kept. */
export async function sendCase(
  pool: pg.Pool,
  baseURL: string,
  hostile: {
    name: string;
    sender: SenderName;
    body: string | Buffer;
    expected: string;
    /** Replaces the correctly signed headers. */
    headers?: Record<string, string | string[]>;
    method?: string;
  },
): Promise<CaseResult> {
  const headers = hostile.headers ?? signedHeaders(hostile.sender, hostile.body);
  const started = performance.now();
  const outcome = await httpRequest(baseURL, {
    method: hostile.method ?? "POST",
    path: `/api/webhooks/${hostile.sender}`,
    headers,
    body: hostile.body,
  });
  const answerMs = Math.round(performance.now() - started);
  const json = answerJson(outcome);
  const rows = await rowsFor(pool, hostile.sender, hostile.body);
  const detail = json?.status ?? json?.error;
  recordHostileCase({
    case: hostile.name,
    endpoint: `${hostile.method ?? "POST"} /api/webhooks/${hostile.sender}`,
    expected: hostile.expected,
    answer: describeOutcome(outcome),
    answerDetail: typeof detail === "string" ? detail : undefined,
    stored: describeRows(rows),
    answerMs,
  });
  if (outcome.kind === "answered")
    expect(answerMs, `${hostile.name}: answered in ${answerMs} ms (bound ${HOSTILE_ANSWER_BOUND_MS} ms)`).toBeLessThanOrEqual(
      HOSTILE_ANSWER_BOUND_MS,
    );
  return { outcome, status: outcome.kind === "answered" ? outcome.status : undefined, json, rows };
}

/** A copy of `payload` with `value` at `path` (objects are created on the way as needed). */
export function withField<T>(payload: T, path: readonly string[], value: unknown): T {
  const copy = structuredClone(payload) as Record<string, unknown>;
  let current = copy;
  for (const key of path.slice(0, -1)) {
    current[key] ??= {};
    current = current[key] as Record<string, unknown>;
  }
  current[path[path.length - 1] as string] = value;
  return copy as T;
}
