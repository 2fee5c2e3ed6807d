// Webhook intake against real PostgreSQL: what each sender's request leads to, in the answer and
// in the database.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { allCrmEventSlugs } from "@/lib/ingest/crm/events";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { sign } from "@/lib/webhooks/signature";
import { flushSignatureFailures } from "@/lib/webhooks/signature-failures";
import { bankExchangeStatusUpdatedSeed, crmRejectPropTradingLiveSeed } from "@/tooling/testing/fixtures";
import { crmEventPayload, crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { bodyOf, signedHeaders, testSecrets, webhookRequest } from "@/tooling/testing/webhook-requests";

async function post(sender: "crm" | "banking", payload: unknown, options?: Parameters<typeof webhookRequest>[2]) {
  const response = await receiveWebhook(sender, webhookRequest(sender, payload, options));
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

const deliveryCount = () => db().delivery.count();

describe("broker CRM deliveries", () => {
  it("stores the documented reject example verbatim and projects it", async () => {
    const { status, body } = await post("crm", crmRejectPropTradingLiveSeed);
    expect(status).toBe(200);
    expect(body.status).toBe("accepted");

    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: BigInt(body.deliveryId ?? "0") } });
    expect(Buffer.from(delivery.rawBody).toString("utf8")).toBe(crmRejectPropTradingLiveSeed);
    expect(delivery).toMatchObject({
      sender: "crm",
      eventType: "crm.webhooks.requests.propTradingLive.reject",
      outcome: "projected",
      signatureForm: "hex (secret 1)",
    });
    expect(delivery.headers).toMatchObject({ "content-type": "application/json" });

    const request = await db().propTradingRequest.findFirstOrThrow({ where: { requestId: "qkk4x3p1" } });
    expect(request).toMatchObject({
      stage: "live",
      status: "rejected",
      sentStatus: "pending",
      userId: "045dff8l",
      groupName: "demo\\BBSTGHEDGEEUR",
    });
    expect(request.requestTime.toISOString()).toBe("2024-07-30T09:00:26.000Z");
    expect(request.profitTargetPercent?.toString()).toBe("0.1");
    expect(request.initialBalance?.toFixed(2)).toBe("7000.00");
    expect(request.deliveryId).toBe(delivery.id);
  });

  it("acknowledges a byte-identical resend as a duplicate without touching the projection", async () => {
    const payload = crmRejectPayload({ id: "resend-1", userId: "u-resend" });
    const first = await post("crm", payload);
    const again = await post("crm", payload);
    expect(again).toMatchObject({ status: 200, body: { status: "duplicate", duplicateOf: first.body.deliveryId } });
    expect(await db().propTradingRequest.count({ where: { requestId: "resend-1" } })).toBe(1);
    const duplicate = await db().delivery.findUniqueOrThrow({ where: { id: BigInt(again.body.deliveryId ?? "0") } });
    expect(duplicate).toMatchObject({ outcome: "duplicate", duplicateOfId: BigInt(first.body.deliveryId ?? "0"), dedupeKey: null });
  });

  it("treats another body for an already rejected request as a duplicate", async () => {
    await post("crm", crmRejectPayload({ id: "changed-1", userId: "u-changed", initialBalance: 5000 }));
    const changed = await post("crm", crmRejectPayload({ id: "changed-1", userId: "u-changed", initialBalance: 9000 }));
    expect(changed.body.status).toBe("duplicate");
    const request = await db().propTradingRequest.findFirstOrThrow({ where: { requestId: "changed-1" } });
    expect(request.initialBalance?.toString()).toBe("5000");
  });

  it("stores every approval and rejection event of every family", async () => {
    const slugs = allCrmEventSlugs();
    for (const slug of slugs) {
      const data = /propTrading(Live)?\.reject$/.test(slug)
        ? crmRejectPayload({ family: slug.includes("Live") ? "propTradingLive" : "propTrading", id: `every-${slug}`, userId: "u-every" })
            .data
        : { id: `every-${slug}`, user_id: "u-every", amount: "10.5" };
      const { status, body } = await post("crm", crmEventPayload(slug, data));
      expect(status, slug).toBe(200);
      expect(body.status, slug).toBe(/propTrading(Live)?\.reject$/.test(slug) ? "accepted" : "stored");
    }
    const stored = await db().delivery.groupBy({ by: ["outcome"], where: { eventType: { in: slugs } }, _count: true });
    expect(Object.fromEntries(stored.map((group) => [group.outcome, group._count]))).toMatchObject({
      stored_unprojected: slugs.length - 2,
    });
  });

  it("stores an unknown event slug, never drops it", async () => {
    const { status, body } = await post("crm", crmEventPayload("crm.webhooks.requests.deposit.reject"));
    expect(status).toBe(200);
    expect(body.status).toBe("stored");
  });

  it("quarantines an authentic payload that fails the schema, keeping it whole with the reasons", async () => {
    const payload = crmRejectPayload({ id: "bad-time", userId: "u-bad", requestTime: "yesterday" });
    const { status, body } = await post("crm", payload);
    expect(status).toBe(200);
    expect(body.status).toBe("quarantined");
    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: BigInt(body.deliveryId ?? "0") } });
    expect(Buffer.from(delivery.rawBody).toString()).toBe(bodyOf(payload));
    expect(delivery.outcome).toBe("quarantined");
    expect(delivery.validationErrors).toEqual([
      { path: "data.request_time", value: '"yesterday"', message: 'expected a time as "YYYY-MM-DD HH:mm:ss" (UTC)' },
    ]);
    // The reason names the field and the value that failed.
    expect(delivery.quarantineReason).toContain('data.request_time = "yesterday"');
    expect(body.reason).toContain('data.request_time = "yesterday"');
    expect(await db().propTradingRequest.count({ where: { requestId: "bad-time" } })).toBe(0);
  });

  it("gives 100 identical deliveries at once exactly one projection and 100 acknowledgements", async () => {
    const payload = crmRejectPayload({ id: "burst-1", userId: "u-burst" });
    const answers = await Promise.all(Array.from({ length: 100 }, () => post("crm", payload)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(200));
    expect(answers.filter((answer) => answer.body.status === "accepted")).toHaveLength(1);
    expect(answers.filter((answer) => answer.body.status === "duplicate")).toHaveLength(99);
    expect(await db().propTradingRequest.count({ where: { requestId: "burst-1" } })).toBe(1);
    expect(await db().delivery.count({ where: { rawBody: Buffer.from(bodyOf(payload)) } })).toBe(100);
  });
});

describe("banking deliveries", () => {
  it("projects the documented example despite its trailing comma, and notes the quirk", async () => {
    const { status, body } = await post("banking", bankExchangeStatusUpdatedSeed);
    expect(status).toBe(200);
    expect(body.status).toBe("accepted");
    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: BigInt(body.deliveryId ?? "0") } });
    expect(delivery.note).toContain("trailing commas");
    expect(delivery.callbackId).toBe("f9b5e465-69b5-4c6d-91c2-fb4dd64d4d20");
    const exchange = await db().exchange.findUniqueOrThrow({ where: { exchangeId: 11669n } });
    expect(exchange).toMatchObject({
      status: "Completed",
      statusRank: 4,
      exchangeType: "Buy",
      assetPair: "USDC/USD",
      manageesId: 1436n,
      hasOpenRfi: true,
      statusChanges: 1,
    });
    expect(exchange.requestAmount?.toString()).toBe("24.75");
    expect(exchange.executedPrice).toBeNull();
    expect(await db().exchangeStatusEvent.count({ where: { exchangeId: 11669n } })).toBe(1);
  });

  it("answers exactly 200 to every accepted callback, including types we only keep", async () => {
    for (const type of ["TRANSACTION_STATUS_UPDATED", "FIAT_DEPOSIT_RECIEVED", "MANAGEE_JUMIO_COMPLETED", "A_TYPE_FROM_THE_FUTURE"]) {
      const { status, body } = await post("banking", { Id: `cb-${type}`, Type: type, Data: { Id: 5, bPending: true } });
      expect(status, type).toBe(200);
      expect(body.status, type).toBe("stored");
    }
  });

  it("recognises a callback Id already stored as a duplicate, even with another body", async () => {
    const first = await post("banking", exchangeCallbackPayload({ callbackId: "cb-dup-1", exchangeId: 700001, status: "Pending" }));
    const retried = await post(
      "banking",
      exchangeCallbackPayload({ callbackId: "cb-dup-1", exchangeId: 700001, status: "Pending", requestAmount: "99" }),
    );
    expect(retried.body).toMatchObject({ status: "duplicate", duplicateOf: first.body.deliveryId });
    const exchange = await db().exchange.findUniqueOrThrow({ where: { exchangeId: 700001n } });
    expect(exchange.statusChanges).toBe(1);
    expect(exchange.requestAmount?.toString()).toBe("24.75");
  });

  it("keeps a terminal status when a late non-terminal callback arrives, and fills what it lacked", async () => {
    await post(
      "banking",
      exchangeCallbackPayload({ callbackId: "late-1", exchangeId: 700002, status: "Completed", executedPrice: "25.0125" }),
    );
    await post(
      "banking",
      exchangeCallbackPayload({ callbackId: "late-2", exchangeId: 700002, status: "WaitingForApproval", hasOpenRfi: true }),
    );
    const exchange = await db().exchange.findUniqueOrThrow({ where: { exchangeId: 700002n } });
    expect(exchange).toMatchObject({ status: "Completed", statusChanges: 2, hasOpenRfi: false });
    expect(exchange.executedPrice?.toString()).toBe("25.0125");
  });

  it("stores an unknown future status and shows it until a known one ranks above it", async () => {
    await post("banking", exchangeCallbackPayload({ callbackId: "future-1", exchangeId: 700003, status: "UnderReview" }));
    expect((await db().exchange.findUniqueOrThrow({ where: { exchangeId: 700003n } })).status).toBe("UnderReview");
    await post("banking", exchangeCallbackPayload({ callbackId: "future-2", exchangeId: 700003, status: "WaitingForApproval" }));
    expect((await db().exchange.findUniqueOrThrow({ where: { exchangeId: 700003n } })).status).toBe("WaitingForApproval");
  });
});

describe("requests that are refused", () => {
  it.each([
    ["no signature", { signature: null }, "The signature header is missing."],
    ["a wrong signature", { signature: sign.crm("other", testSecrets.crm) }, "The signature does not match the body."],
    ["a signature made with another secret", { secret: "some-other-secret-0123456789" }, "The signature does not match the body."],
    ["a truncated signature", { signature: "abc123" }, "The signature header is not a SHA-256 digest in an accepted encoding."],
  ])("answers 401 to %s and stores nothing", async (_, options, detail) => {
    const before = await deliveryCount();
    const { status, body } = await post("crm", crmRejectPayload({ id: `refused-${detail}`, userId: "u" }), options);
    expect(status).toBe(401);
    expect(body).toEqual({ error: "invalid_signature", detail });
    expect(await deliveryCount()).toBe(before);
  });

  it("counts refused requests per sender and hour for operators", async () => {
    await post("banking", { Id: "x", Type: "EXCHANGE_STATUS_UPDATED" }, { signature: "00".repeat(32) });
    await flushSignatureFailures();
    const failures = await db().signatureFailure.findMany({ where: { sender: "banking" } });
    expect(failures.reduce((sum, failure) => sum + failure.count, 0)).toBeGreaterThanOrEqual(1);
    expect(failures[0]?.lastReason).toBe("signature_mismatch");
  });

  it("answers 413 to a declared body over the limit without reading it", async () => {
    const request = new Request("http://localhost/api/webhooks/crm", {
      method: "POST",
      headers: { "content-length": String(2 * 1024 * 1024), "x-crm-signature": "00" },
      body: "{}",
    });
    const response = await receiveWebhook("crm", request);
    expect(response.status).toBe(413);
  });

  it("answers 413 to a chunked body as soon as it passes the limit", async () => {
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        if (sent > 10 * 1024 * 1024) controller.close();
      },
    });
    const request = new Request("http://localhost/api/webhooks/banking", { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const response = await receiveWebhook("banking", request);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(2 * 1024 * 1024);
  });

  it("answers 400 to an authentic body that is not JSON, and keeps its bytes in quarantine", async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    const request = new Request("http://localhost/api/webhooks/banking", {
      method: "POST",
      headers: signedHeaders("banking", bytes),
      body: bytes,
    });
    const response = await receiveWebhook("banking", request);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; deliveryId: string };
    expect(body.error).toBe("invalid_json");
    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: BigInt(body.deliveryId) } });
    expect(Buffer.from(delivery.rawBody).equals(bytes)).toBe(true);
    expect(delivery).toMatchObject({ outcome: "quarantined", quarantineReason: "The body is not JSON." });
  });
});
