// The senders' documented examples, end to end through the production server's HTTP endpoints.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { bankExchangeStatusUpdatedSeed, crmRejectPropTradingLiveSeed } from "@/tooling/testing/fixtures";
import { crmRejectPayload } from "@/tooling/testing/payloads";
import { signedHeaders } from "@/tooling/testing/webhook-requests";
import { e2eServer } from "./fixtures/server";

const secretOf = { crm: e2eServer.crmSecret, banking: e2eServer.bankingSecret };

test("the CRM's reject example is accepted, and its resend recognised as a duplicate", async ({ request }) => {
  // The e2e database persists between runs: make the example's request id unique to this run.
  const body = crmRejectPropTradingLiveSeed.replace('"qkk4x3p1"', `"e2e-${randomUUID().slice(0, 8)}"`);
  const headers = signedHeaders("crm", body, secretOf.crm);
  const first = await request.post("/api/webhooks/crm", { headers, data: body });
  expect(first.status()).toBe(200);
  expect(await first.json()).toMatchObject({ status: "accepted" });

  const resend = await request.post("/api/webhooks/crm", { headers, data: body });
  expect(resend.status()).toBe(200);
  expect(await resend.json()).toMatchObject({ status: "duplicate", duplicateOf: (await first.json()).deliveryId });
});

test("the bank's exchange example, trailing comma included, is answered exactly 200", async ({ request }) => {
  // Raw bytes: Playwright would re-encode a string that is not strict JSON.
  const body = bankExchangeStatusUpdatedSeed.replace("f9b5e465-69b5-4c6d-91c2-fb4dd64d4d20", randomUUID());
  const response = await request.post("/api/webhooks/banking", {
    headers: signedHeaders("banking", body, secretOf.banking),
    data: Buffer.from(body),
  });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "accepted" });
});

test("an unsigned or wrongly signed delivery gets 401", async ({ request }) => {
  const body = JSON.stringify(crmRejectPayload({ id: "e2e-unsigned", userId: "u" }));
  const unsigned = await request.post("/api/webhooks/crm", { headers: { "content-type": "application/json" }, data: body });
  expect(unsigned.status()).toBe(401);
  const wrong = await request.post("/api/webhooks/crm", { headers: signedHeaders("crm", body, "not-the-secret-0123456789"), data: body });
  expect(wrong.status()).toBe(401);
  expect(await wrong.json()).toEqual({ error: "invalid_signature", detail: "The signature does not match the body." });
});

test("other methods on the webhook endpoints get 405", async ({ request }) => {
  for (const path of ["/api/webhooks/crm", "/api/webhooks/banking"]) {
    expect((await request.get(path)).status()).toBe(405);
    expect((await request.put(path, { data: "{}" })).status()).toBe(405);
    expect((await request.delete(path)).status()).toBe(405);
  }
});

test("a body over the limit gets 413", async ({ request }) => {
  const response = await request.post("/api/webhooks/banking", {
    headers: { "content-type": "application/json" },
    data: "x".repeat(1024 * 1024 + 1),
  });
  expect(response.status()).toBe(413);
});
