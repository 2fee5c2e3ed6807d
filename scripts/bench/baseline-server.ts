// Baseline (b) of the ingest measurement: the least a webhook receiver can do and still be correct —
// a bare node:http server that reads the body, checks the signature with the same functions as the
// app, stores the raw body with one `INSERT … ON CONFLICT` (durable before answering, same pool size)
// into a table shaped like `delivery`, and answers 200. No framework, no parsing, no projection.
// Started by the benchmark as its own process: PORT, DATABASE_URL, CRM_/BANKING_WEBHOOK_SECRET.
import { createHash } from "node:crypto";
import http from "node:http";
import pg from "pg";
import { type SignatureCheck, verifyBankingSignature, verifyCrmSignature } from "@/lib/webhooks/signature";

export const BASELINE_TABLE_DDL = `
CREATE SCHEMA IF NOT EXISTS bench;
DROP TABLE IF EXISTS bench.baseline_delivery;
CREATE TABLE bench.baseline_delivery (
  id bigserial PRIMARY KEY,
  sender text NOT NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  raw_body bytea NOT NULL,
  body_sha256 char(64) NOT NULL,
  headers jsonb NOT NULL,
  signature_form text NOT NULL,
  dedupe_key text NOT NULL
);
CREATE UNIQUE INDEX ON bench.baseline_delivery (sender, dedupe_key);
CREATE INDEX ON bench.baseline_delivery (received_at DESC, id DESC)`;

const MAX_BODY_BYTES = 1024 * 1024;

const verifiers: Record<string, { header: string; secrets: string[]; verify: typeof verifyCrmSignature }> = {
  "/api/webhooks/crm": {
    header: "x-crm-signature",
    secrets: (process.env.CRM_WEBHOOK_SECRET ?? "").split(","),
    verify: verifyCrmSignature,
  },
  "/api/webhooks/banking": {
    header: "webhook-signature",
    secrets: (process.env.BANKING_WEBHOOK_SECRET ?? "").split(","),
    verify: verifyBankingSignature,
  },
};

function answer(response: http.ServerResponse, status: number, body: Record<string, unknown>) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  response.end(text);
}

function main() {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const server = http.createServer((request, response) => {
    const route = verifiers[request.url ?? ""];
    if (request.method !== "POST" || !route) return answer(response, 404, { error: "not_found" });
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) return answer(response, 413, { error: "payload_too_large" });
      const body = Buffer.concat(chunks, size);
      const signature = request.headers[route.header];
      const check: SignatureCheck = route.verify(body, typeof signature === "string" ? signature : null, route.secrets);
      if (!check.ok) return answer(response, 401, { error: "invalid_signature" });
      const sha256 = createHash("sha256").update(body).digest("hex");
      const headers = JSON.stringify({ "content-type": request.headers["content-type"], [route.header]: signature });
      pool
        .query<{ id: string }>(
          `INSERT INTO bench.baseline_delivery (sender, raw_body, body_sha256, headers, signature_form, dedupe_key)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sender, dedupe_key) DO NOTHING RETURNING id`,
          [
            route.header === "x-crm-signature" ? "crm" : "banking",
            body,
            sha256,
            headers,
            `${check.form} (secret ${check.secretNumber})`,
            `sha256:${sha256}`,
          ],
        )
        .then(
          (result) => answer(response, 200, { status: result.rows[0] ? "accepted" : "duplicate", deliveryId: result.rows[0]?.id ?? null }),
          () => answer(response, 503, { error: "database_unavailable" }),
        );
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("listening"));
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (process.argv[1] === import.meta.filename) main();
