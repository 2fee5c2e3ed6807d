// The timeline an operator reads: arrival order by default (times never jump back), rank order on
// request; exactly the callbacks that came after a later-ranked one are marked; a field that should
// never change for one exchange is flagged where it changes.
import { describe, expect, it } from "vitest";
import { TIMELINE_FIELDS, type TimelineEvent, toTimeline } from "../timeline-steps";

const RANKS: Record<string, number> = { WaitingForApproval: 1, WaitingForConfirmation: 2, AwaitingRfi: 3, Pending: 4, Completed: 6 };

function event(id: number, status: string, receivedAt: string, fields: Partial<TimelineEvent> = {}): TimelineEvent {
  const base = Object.fromEntries(TIMELINE_FIELDS.map((field) => [field, null])) as Record<(typeof TIMELINE_FIELDS)[number], null>;
  return {
    ...base,
    exchangeType: "Buy",
    assetPair: "USDC/USD",
    id: String(id),
    callbackId: `cb-${id}`,
    deliveryId: String(id),
    receivedAt: `2026-11-20T${receivedAt}:00.000Z`,
    status,
    statusRank: RANKS[status] ?? 0,
    repeats: 0,
    rawBody: null,
    ...fields,
  };
}

// The reviewer's exchange: Pending came at 08:55, before AwaitingRfi at 09:09. The ids are not in
// arrival order (the demo data inserts with times of its own): arrival is the time received.
const events = [
  event(5, "WaitingForApproval", "08:43"),
  event(1, "WaitingForConfirmation", "08:57"),
  event(2, "AwaitingRfi", "09:09"),
  event(4, "Pending", "08:55"),
  event(3, "Completed", "09:37"),
];

describe("an exchange's timeline", () => {
  it("is in order of arrival by default, so times only move forward", () => {
    const steps = toTimeline(events, "3");
    expect(steps.map((step) => step.receivedAt.slice(11, 16))).toEqual(["08:43", "08:55", "08:57", "09:09", "09:37"]);
    expect(steps.every((step) => (step.sincePreviousMs ?? 0) >= 0)).toBe(true);
  });

  it("can be read by status rank, where a late callback makes the time jump back", () => {
    const steps = toTimeline(events, "3", "rank");
    expect(steps.map((step) => step.status)).toEqual([
      "WaitingForApproval",
      "WaitingForConfirmation",
      "AwaitingRfi",
      "Pending",
      "Completed",
    ]);
    expect(steps.map((step) => step.receivedAt.slice(11, 16))).toEqual(["08:43", "08:57", "09:09", "08:55", "09:37"]);
  });

  it("marks exactly the callbacks that arrived after one reporting a later status, in either order", () => {
    for (const order of ["arrival", "rank"] as const) {
      const late = toTimeline(events, "3", order)
        .filter((step) => step.arrivedOutOfOrder)
        .map((step) => step.status);
      // WaitingForConfirmation (08:57) and AwaitingRfi (09:09) came after Pending (08:55).
      expect(late.sort()).toEqual(["AwaitingRfi", "WaitingForConfirmation"]);
    }
  });

  it("flags a field that should never change for one exchange, and not the ones that may", () => {
    const steps = toTimeline(
      [
        event(1, "Pending", "10:00", { requestAmount: "100" }),
        event(2, "Completed", "10:05", { exchangeType: "Sell", requestAmount: "100", executedAmount: "99.5" }),
      ],
      "2",
    );
    expect(steps[1]?.changes).toEqual([
      { field: "exchangeType", from: "Buy", to: "Sell", fixed: true },
      { field: "executedAmount", from: null, to: "99.5", fixed: false },
    ]);
  });

  it("never calls a status it does not know late", () => {
    const steps = toTimeline([event(1, "Completed", "10:00"), event(2, "Reversed", "10:05")], "1");
    expect(steps.find((step) => step.status === "Reversed")).toMatchObject({ arrivedOutOfOrder: false, unknownStatus: true });
  });
});
