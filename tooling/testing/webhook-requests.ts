// Signed requests as each sender makes them, for integration tests, the seed and the benchmark.
import { sign } from "@/lib/webhooks/signature";

export const testSecrets = {
  crm: "test-crm-secret-0123456789abcdef",
  banking: "test-banking-secret-0123456789abcdef",
};

export type SenderName = "crm" | "banking";

export const signatureHeaderOf: Record<SenderName, string> = { crm: "X-Crm-Signature", banking: "webhook-signature" };

export function bodyOf(payload: unknown): string {
  return typeof payload === "string" ? payload : JSON.stringify(payload);
}

/** Headers of a correctly signed delivery of `body`. */
export function signedHeaders(sender: SenderName, body: string | Uint8Array, secret = testSecrets[sender]): Record<string, string> {
  return {
    "content-type": "application/json",
    [signatureHeaderOf[sender]]: sender === "crm" ? sign.crm(body, secret) : sign.banking(body, secret),
  };
}

/** A `Request` for a route handler, signed unless `signature` says otherwise. */
export function webhookRequest(
  sender: SenderName,
  payload: unknown,
  options: { signature?: string | null; headers?: Record<string, string>; secret?: string } = {},
): Request {
  const body = bodyOf(payload);
  const headers: Record<string, string> = { ...signedHeaders(sender, body, options.secret), ...options.headers };
  if (options.signature === null) delete headers[signatureHeaderOf[sender]];
  else if (options.signature !== undefined) headers[signatureHeaderOf[sender]] = options.signature;
  return new Request(`http://localhost/api/webhooks/${sender}`, { method: "POST", headers, body });
}
