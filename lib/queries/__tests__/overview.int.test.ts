// The overview's figures against real PostgreSQL, for deliveries received at known times: window
// counts, rejections per UTC day (every day present, empty ones as zero), exchanges by status over
// the last 30 days, and the exchanges that need attention.
import { beforeAll, describe, expect, it } from "vitest";
import type { StaffSession } from "@/lib/auth/staff-session";
import { ingestDelivery } from "@/lib/ingest/ingest-delivery";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { createTestStaff, sessionOf } from "@/tooling/testing/staff-session";
import { loadOverview } from "../overview";

const NOW = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

async function deliver(sender: "crm" | "banking", payload: unknown, receivedAt: Date) {
  await ingestDelivery({ sender, rawBody: Buffer.from(JSON.stringify(payload)), headers: {}, signatureForm: "test", receivedAt });
}

let viewer: StaffSession;

beforeAll(async () => {
  viewer = await sessionOf(await createTestStaff("viewer"));
  // Rejections: two today, one yesterday (live), one 10 days ago, one 40 days ago (outside every window).
  const rejections: [string, number, "propTrading" | "propTradingLive"][] = [
    ["today-1", 1, "propTrading"],
    ["today-2", 2, "propTrading"],
    ["yesterday", 20, "propTradingLive"],
    ["ten-days", 240, "propTrading"],
    ["forty-days", 960, "propTrading"],
  ];
  for (const [id, age, family] of rejections) await deliver("crm", crmRejectPayload({ id, userId: "user-1", family }), hoursAgo(age));
  // Exchanges: one completed an hour ago, one pending for three hours (stuck), one waiting on an RFI
  // (attention, however recent), one completed 40 days ago (outside the 30-day status chart).
  await deliver("banking", exchangeCallbackPayload({ callbackId: "a1", exchangeId: 1, status: "Pending" }), hoursAgo(2));
  await deliver("banking", exchangeCallbackPayload({ callbackId: "a2", exchangeId: 1, status: "Completed" }), hoursAgo(1));
  await deliver("banking", exchangeCallbackPayload({ callbackId: "b1", exchangeId: 2, status: "Pending" }), hoursAgo(3));
  await deliver("banking", exchangeCallbackPayload({ callbackId: "c1", exchangeId: 3, status: "AwaitingRfi" }), hoursAgo(0.1));
  await deliver("banking", exchangeCallbackPayload({ callbackId: "d1", exchangeId: 4, status: "Completed" }), hoursAgo(960));
});

describe("overview", () => {
  it("counts today and the last 7 days", async () => {
    const overview = await loadOverview(viewer, NOW);
    expect(overview.today.rejections).toBe(2);
    expect(overview.week.rejections).toBe(3);
    expect(overview.today.exchangeCallbacks).toBe(4);
    expect(overview.week.exchangeCallbacks).toBe(4);
  });

  it("has every one of the last 30 UTC days, by stage, with zeros for quiet days", async () => {
    const { rejectionsPerDay } = await loadOverview(viewer, NOW);
    expect(rejectionsPerDay).toHaveLength(30);
    expect(rejectionsPerDay[0]?.day).toBe("2026-02-09");
    expect(rejectionsPerDay.at(-1)).toEqual({ day: "2026-03-10", challenge: 2, live: 0 });
    expect(rejectionsPerDay.at(-2)).toEqual({ day: "2026-03-09", challenge: 0, live: 1 });
    expect(rejectionsPerDay.find((day) => day.day === "2026-02-28")).toEqual({ day: "2026-02-28", challenge: 1, live: 0 });
    expect(rejectionsPerDay.reduce((sum, day) => sum + day.challenge + day.live, 0)).toBe(4);
  });

  it("shows exchanges updated in the last 30 days by their current status", async () => {
    const { exchangesByStatus } = await loadOverview(viewer, NOW);
    expect(exchangesByStatus).toEqual([
      { status: "AwaitingRfi", count: 1 },
      { status: "Completed", count: 1 },
      { status: "Pending", count: 1 },
    ]);
  });

  it("lists exchanges with an open RFI or no news past the threshold, most urgent first: open RFIs, then the longest silence", async () => {
    const { stuck } = await loadOverview(viewer, NOW);
    expect(stuck.total).toBe(2);
    expect(stuck.rows.map((row) => row.exchangeId)).toEqual(["3", "2"]);
  });

  it("names the UTC day it calls today", async () => {
    expect((await loadOverview(viewer, NOW)).day).toBe("2026-03-10");
  });
});
