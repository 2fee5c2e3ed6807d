import "server-only";
import { createHash } from "node:crypto";
import type { IntakeDecision } from "@/lib/ingest/intake-decision";
import { readJson } from "@/lib/ingest/json";
import { log } from "@/lib/log";
import { normalizeBankingDelivery } from "./banking/normalize";
import { normalizeCrmDelivery } from "./crm/normalize";
import { type DeliveryOutcome, type ReceivedDelivery, type Sender, type StoredDelivery, storeDelivery } from "./store-delivery";

export interface VerifiedDelivery {
  sender: Sender;
  rawBody: Buffer;
  headers: Record<string, string>;
  signatureForm: string;
  receivedAt?: Date;
}

export interface IntakeResult extends StoredDelivery {
  eventType: string;
  /** The body could not be read as JSON: the sender hears 400 although the bytes are kept. */
  unreadable?: string;
  quarantineReason?: string;
}

const normalizers = { crm: normalizeCrmDelivery, banking: normalizeBankingDelivery } as const;

/** What to do with a verified body: read it as JSON, then let the sender's normaliser decide. */
export function decide(sender: Sender, rawBody: Buffer, bodySha256: string): { decision: IntakeDecision; unreadable?: string } {
  const json = readJson(rawBody);
  if (!json.ok) {
    const decision: IntakeDecision = {
      kind: "quarantine",
      eventType: "(unreadable)",
      dedupeKey: `sha256:${bodySha256}`,
      callbackId: null,
      notes: [],
      reason: json.reason === "duplicate_key" ? "The JSON repeats a key with different values." : "The body is not JSON.",
      errors: [{ path: "(body)", message: json.detail }],
    };
    // Repeated keys are valid syntax, only ambiguous: kept in quarantine and acknowledged.
    return json.reason === "duplicate_key" ? { decision } : { decision, unreadable: json.detail };
  }
  const decision = normalizers[sender](json.value, bodySha256);
  if (json.toleratedTrailingCommas) decision.notes.push("The JSON had trailing commas; tolerated as the sender's documented quirk.");
  return { decision };
}

/**
 * Intake of one delivery whose signature has been verified: decide, store in one transaction,
 * log one line. Throws only when it could not be stored (the caller answers 503 or 500).
 */
export async function ingestDelivery(delivery: VerifiedDelivery): Promise<IntakeResult> {
  const started = performance.now();
  const bodySha256 = createHash("sha256").update(delivery.rawBody).digest("hex");
  const { decision, unreadable } = decide(delivery.sender, delivery.rawBody, bodySha256);
  const received: ReceivedDelivery = {
    sender: delivery.sender,
    rawBody: delivery.rawBody,
    bodySha256,
    headers: delivery.headers,
    signatureForm: delivery.signatureForm,
    receivedAt: delivery.receivedAt ?? new Date(),
  };
  const stored = await storeDelivery(received, decision);
  const outcome: DeliveryOutcome = stored.outcome;
  log.info(
    {
      sender: delivery.sender,
      eventType: decision.eventType,
      outcome,
      deliveryId: stored.deliveryId.toString(),
      bytes: delivery.rawBody.length,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(decision.kind === "quarantine" && outcome === "quarantined" ? { reason: decision.reason } : {}),
    },
    "webhook delivery",
  );
  return {
    ...stored,
    eventType: decision.eventType,
    unreadable,
    quarantineReason: decision.kind === "quarantine" ? decision.reason : undefined,
  };
}
