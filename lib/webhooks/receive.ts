import "server-only";
import { createHash } from "node:crypto";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { env } from "@/lib/env.mjs";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/http/client-address.mjs";
import { type IntakeResult, ingestDelivery } from "@/lib/ingest/ingest-delivery";
import type { Sender } from "@/lib/ingest/store-delivery";
import { log } from "@/lib/log";
import { appMetrics } from "@/lib/metrics/metrics";
import { readBodyWithLimit } from "./read-body";
import { type SignatureCheck, verifyBankingSignature, verifyCrmSignature } from "./signature";
import { headerShape, recordSignatureFailure } from "./signature-failures";

const senders = {
  crm: {
    signatureHeader: "x-crm-signature",
    secrets: () => env().CRM_WEBHOOK_SECRET,
    secretVariable: "CRM_WEBHOOK_SECRET",
    verify: verifyCrmSignature,
  },
  banking: {
    signatureHeader: "webhook-signature",
    secrets: () => env().BANKING_WEBHOOK_SECRET,
    secretVariable: "BANKING_WEBHOOK_SECRET",
    verify: verifyBankingSignature,
  },
} satisfies Record<Sender, { signatureHeader: string; secrets: () => string[] | undefined; secretVariable: string; verify: unknown }>;

/**
 * Headers kept with a delivery: useful to an operator, never secrets or cookies. The sender's
 * address is the one the web server established (X-Forwarded-For only from a trusted proxy).
 */
const KEPT_HEADERS = [
  "content-type",
  "content-length",
  "user-agent",
  CLIENT_ADDRESS_HEADER,
  "x-forwarded-for",
  "x-real-ip",
  "x-request-id",
  "traceparent",
];

function keptHeaders(request: Request, signatureHeader: string): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of [...KEPT_HEADERS, signatureHeader]) {
    const value = request.headers.get(name);
    if (value !== null) kept[name] = value.slice(0, 500);
  }
  return kept;
}

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

const REFUSAL_TEXT: Record<Extract<SignatureCheck, { ok: false }>["reason"], string> = {
  missing_signature: "The signature header is missing.",
  malformed_signature: "The signature header is not a SHA-256 digest in an accepted encoding.",
  signature_mismatch: "The signature does not match the body.",
};

function answer(result: IntakeResult): Response {
  const deliveryId = result.deliveryId.toString();
  if (result.unreadable) return json(400, { error: "invalid_json", detail: result.unreadable, deliveryId });
  switch (result.outcome) {
    case "projected":
      return json(200, { status: "accepted", deliveryId });
    case "stored_unprojected":
      return json(200, { status: "stored", deliveryId });
    case "quarantined":
      return json(200, { status: "quarantined", reason: result.quarantineReason, deliveryId });
    case "duplicate":
      return json(200, { status: "duplicate", deliveryId, duplicateOf: result.original?.deliveryId.toString() ?? null });
  }
}

/**
 * The whole intake of one webhook request: read the raw body (bounded), verify the signature over
 * exactly those bytes, then parse, store and answer. 200 is only ever sent after the commit.
 */
export async function receiveWebhook(sender: Sender, request: Request): Promise<Response> {
  const config = senders[sender];
  const secrets = config.secrets();
  if (!secrets || secrets.length === 0) {
    log.error({ sender }, `${config.secretVariable} is not set: refusing deliveries until it is`);
    return json(503, { error: "not_configured", detail: "This endpoint has no secret configured yet." });
  }

  const body = await readBodyWithLimit(request, env().WEBHOOK_MAX_BODY_BYTES);
  if (!body.ok && body.status === 413) return json(413, { error: "payload_too_large", limitBytes: body.limit });
  if (!body.ok) return json(408, { error: "request_timeout", detail: `The body did not arrive within ${body.timeoutMs} ms.` });

  const signature = request.headers.get(config.signatureHeader);
  const check = config.verify(body.bytes, signature, secrets);
  if (!check.ok) {
    appMetrics().refused.inc({ sender, reason: check.reason });
    recordSignatureFailure(sender, {
      at: new Date(),
      sourceAddress: clientAddress(request.headers),
      reason: check.reason,
      headerForm: headerShape(signature),
      bodyBytes: body.bytes.length,
      bodySha256: createHash("sha256").update(body.bytes).digest("hex"),
    });
    log.warn({ sender, reason: check.reason, bytes: body.bytes.length }, "webhook refused: signature");
    return json(401, { error: "invalid_signature", detail: REFUSAL_TEXT[check.reason] });
  }

  const started = performance.now();
  const counted = (outcome: string) => {
    appMetrics().deliveries.inc({ sender, outcome });
    appMetrics().intakeSeconds.observe({ sender }, (performance.now() - started) / 1000);
  };
  try {
    const result = await ingestDelivery({
      sender,
      rawBody: body.bytes,
      headers: keptHeaders(request, config.signatureHeader),
      signatureForm: `${check.form} (secret ${check.secretNumber})`,
    });
    counted(result.unreadable ? "quarantined" : result.outcome);
    return answer(result);
  } catch (error) {
    counted(isDatabaseUnavailable(error) ? "unavailable" : "error");
    if (isDatabaseUnavailable(error)) {
      log.error({ sender, err: error instanceof Error ? error.message : String(error) }, "webhook not stored: database unavailable");
      return json(503, { error: "database_unavailable", detail: "Not stored; please retry." });
    }
    log.error(
      { sender, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) },
      "webhook not stored: internal error",
    );
    return json(500, { error: "internal_error" });
  }
}
