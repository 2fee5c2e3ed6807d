// The retention purge removes what is past its time, never an unresolved quarantined delivery, and
// keeps projections (rejected requests, exchanges) whose own retention has not passed.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { ingestDelivery } from "@/lib/ingest/ingest-delivery";
import { purgeExpired } from "@/lib/retention/purge";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";

const DAY = 86_400_000;
const now = new Date("2026-11-23T12:00:00Z");
const policy = { deliveryDays: 30, timelineDays: 90, rejectionDays: 90, auditDays: 365 };

async function deliver(sender: "crm" | "banking", payload: unknown, daysAgo: number) {
  return ingestDelivery({
    sender,
    rawBody: Buffer.from(JSON.stringify(payload)),
    headers: {},
    signatureForm: "test",
    receivedAt: new Date(now.getTime() - daysAgo * DAY),
  });
}

describe("retention purge", () => {
  it("removes old raw deliveries but keeps unresolved quarantined ones and the projections", async () => {
    const oldReject = await deliver("crm", crmRejectPayload({ id: "ret-old", userId: "u-ret" }), 45);
    const newReject = await deliver("crm", crmRejectPayload({ id: "ret-new", userId: "u-ret" }), 5);
    const oldQuarantined = await deliver("crm", crmRejectPayload({ id: "ret-bad", userId: "u-ret", requestTime: "someday" }), 200);
    const ancientExchange = await deliver(
      "banking",
      exchangeCallbackPayload({ callbackId: "ret-ex-1", exchangeId: 990001, status: "Completed" }),
      120,
    );
    const oldAudit = await db().auditLog.create({ data: { action: "logout", details: {}, at: new Date(now.getTime() - 400 * DAY) } });
    const recentAudit = await db().auditLog.create({ data: { action: "logout", details: {}, at: new Date(now.getTime() - 100 * DAY) } });

    const dryRun = await purgeExpired(policy, { dryRun: true, actor: "test", now });
    expect(dryRun.removed).toMatchObject({ deliveries: 2, exchanges: 1, rejections: 0, auditEntries: 1 });
    expect(dryRun.keptQuarantined).toBe(1);
    expect(await db().delivery.count({ where: { id: oldReject.deliveryId } })).toBe(1);

    const report = await purgeExpired(policy, { dryRun: false, actor: "test", now });
    expect(report.removed).toMatchObject({ deliveries: 2, exchanges: 1, rejections: 0, auditEntries: 1 });

    expect(await db().delivery.findUnique({ where: { id: oldReject.deliveryId } })).toBeNull();
    expect(await db().delivery.findUnique({ where: { id: newReject.deliveryId } })).not.toBeNull();
    expect((await db().delivery.findUnique({ where: { id: oldQuarantined.deliveryId } }))?.outcome).toBe("quarantined");
    expect(await db().delivery.findUnique({ where: { id: ancientExchange.deliveryId } })).toBeNull();
    // The rejected request outlives its raw delivery; the 120-day-old exchange went with its timeline.
    expect(await db().propTradingRequest.findFirst({ where: { requestId: "ret-old" } })).toMatchObject({ deliveryId: null });
    expect(await db().exchange.findUnique({ where: { exchangeId: 990001n } })).toBeNull();
    expect(await db().exchangeStatusEvent.count({ where: { exchangeId: 990001n } })).toBe(0);
    expect(await db().auditLog.findUnique({ where: { id: oldAudit.id } })).toBeNull();
    expect(await db().auditLog.findUnique({ where: { id: recentAudit.id } })).not.toBeNull();
    expect(await db().auditLog.findFirst({ where: { action: "retention.purge" } })).toMatchObject({ actorEmail: "test" });
  });
});
