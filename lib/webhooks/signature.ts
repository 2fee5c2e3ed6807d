import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type SignatureCheck =
  | { ok: true; form: SignatureForm; secretNumber: number }
  | { ok: false; reason: "missing_signature" | "malformed_signature" | "signature_mismatch" };

/** The encodings we accept, recorded on each delivery so an operator knows what the sender uses. */
export type SignatureForm = "hex" | "sha256=hex" | "base64";

const DIGEST_BYTES = 32;

/** Decodes a signature header into digest bytes, or undefined when it is no 32-byte hex/base64 value. */
function decodeSignature(header: string, allowPrefix: boolean): { bytes: Buffer; form: SignatureForm } | undefined {
  let value = header.trim();
  let prefixed = false;
  if (allowPrefix && value.slice(0, 7).toLowerCase() === "sha256=") {
    value = value.slice(7);
    prefixed = true;
  }
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { bytes: Buffer.from(value, "hex"), form: prefixed ? "sha256=hex" : "hex" };
  if (!prefixed && /^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value, "base64");
    if (bytes.length === DIGEST_BYTES) return { bytes, form: "base64" };
  }
  return undefined;
}

function matchAny(
  provided: { bytes: Buffer; form: SignatureForm },
  secrets: readonly string[],
  digest: (secret: string) => Buffer,
): SignatureCheck {
  // Every configured secret is tried (no early exit), so timing does not reveal which one matched.
  let secretNumber = 0;
  secrets.forEach((secret, index) => {
    if (timingSafeEqual(digest(secret), provided.bytes) && secretNumber === 0) secretNumber = index + 1;
  });
  return secretNumber > 0 ? { ok: true, form: provided.form, secretNumber } : { ok: false, reason: "signature_mismatch" };
}

/**
 * Broker CRM: `X-Crm-Signature` = HMAC-SHA256 of the raw body keyed with the secret, hex, with or
 * without a `sha256=` prefix.
 */
export function verifyCrmSignature(rawBody: Uint8Array, header: string | null, secrets: readonly string[]): SignatureCheck {
  if (!header?.trim()) return { ok: false, reason: "missing_signature" };
  const provided = decodeSignature(header, true);
  if (!provided || provided.form === "base64") return { ok: false, reason: "malformed_signature" };
  return matchAny(provided, secrets, (secret) => createHmac("sha256", secret).update(rawBody).digest());
}

/**
 * Banking platform: `webhook-signature` = SHA-256 of (raw body bytes + secret) — a plain hash, not
 * an HMAC — hex in any case, or base64.
 */
export function verifyBankingSignature(rawBody: Uint8Array, header: string | null, secrets: readonly string[]): SignatureCheck {
  if (!header?.trim()) return { ok: false, reason: "missing_signature" };
  const provided = decodeSignature(header, false);
  if (!provided) return { ok: false, reason: "malformed_signature" };
  return matchAny(provided, secrets, (secret) => createHash("sha256").update(rawBody).update(secret, "utf8").digest());
}

/** Signatures for tests, the seed and the README's curl example. */
export const sign = {
  crm: (rawBody: Uint8Array | string, secret: string) => createHmac("sha256", secret).update(rawBody).digest("hex"),
  banking: (rawBody: Uint8Array | string, secret: string, encoding: "hex" | "base64" = "hex") =>
    createHash("sha256").update(rawBody).update(secret, "utf8").digest(encoding),
};
