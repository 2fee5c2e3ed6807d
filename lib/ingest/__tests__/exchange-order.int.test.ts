// Banking callbacks carry no timestamp and arrive in any order, repeated, and concurrently. Whatever
// the order, an exchange ends in the same current state with a complete timeline.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { receiveWebhook } from "@/lib/webhooks/receive";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { webhookRequest } from "@/tooling/testing/webhook-requests";

/** Realistic lifecycles; each ends in the one status that ranks highest. */
const LIFECYCLES = [
  ["WaitingForApproval", "Rejected"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending", "Failed"],
  ["WaitingForApproval", "AwaitingRfi", "WaitingForConfirmation", "Pending", "Completed"],
  ["WaitingForApproval", "WaitingForConfirmation", "Pending"],
] as const;

let nextExchangeId = 800_000;

function callbacksFor(exchangeId: number, lifecycle: readonly string[]) {
  return lifecycle.map((status, step) =>
    exchangeCallbackPayload({
      callbackId: `ex${exchangeId}-step${step}`,
      exchangeId,
      status,
      assetPair: "EUR/USDC",
      manageesId: 5150,
      hasOpenRfi: status === "AwaitingRfi",
      executedPrice: status === "Completed" ? "1.0842" : null,
    }),
  );
}

async function deliver(payload: unknown) {
  const response = await receiveWebhook("banking", webhookRequest("banking", payload));
  expect(response.status).toBe(200);
}

async function stateOf(exchangeId: number) {
  const exchange = await db().exchange.findUniqueOrThrow({ where: { exchangeId: BigInt(exchangeId) } });
  const timeline = await db().exchangeStatusEvent.findMany({ where: { exchangeId: BigInt(exchangeId) }, orderBy: { id: "asc" } });
  const current = timeline.find((event) => event.id === exchange.currentEventId);
  return {
    status: exchange.status,
    statusChanges: exchange.statusChanges,
    hasOpenRfi: exchange.hasOpenRfi,
    executedPrice: exchange.executedPrice?.toString() ?? null,
    currentStatus: current?.status,
    timeline: timeline.map((event) => event.status).sort(),
  };
}

function expectedStateOf(lifecycle: readonly string[]) {
  const last = lifecycle.at(-1) ?? "";
  return {
    status: last,
    statusChanges: lifecycle.length,
    hasOpenRfi: false,
    executedPrice: last === "Completed" ? "1.0842" : null,
    currentStatus: last,
    timeline: [...lifecycle].sort(),
  };
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) => permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
}

describe("exchange status callbacks in any order", () => {
  it("reach the same state in every permutation of the longest lifecycle", { timeout: 120_000 }, async () => {
    const lifecycle = LIFECYCLES[2];
    for (const order of permutations([0, 1, 2, 3, 4])) {
      const exchangeId = nextExchangeId++;
      const callbacks = callbacksFor(exchangeId, lifecycle);
      for (const step of order) await deliver(callbacks[step]);
      expect(await stateOf(exchangeId), `order ${order.join(",")}`).toEqual(expectedStateOf(lifecycle));
    }
  });

  it("reach the same state with repeats and any interleaving of concurrent deliveries", { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...LIFECYCLES),
        fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
        fc.array(fc.nat({ max: 4 }), { maxLength: 4 }),
        fc.boolean(),
        async (lifecycle, sortKeys, repeats, concurrently) => {
          const exchangeId = nextExchangeId++;
          const callbacks = callbacksFor(exchangeId, lifecycle);
          const sends = [...callbacks, ...repeats.map((index) => callbacks[index % callbacks.length])];
          const shuffled = sends.map((payload, index) => ({ payload, key: sortKeys[index] ?? index })).sort((a, b) => a.key - b.key);
          if (concurrently) await Promise.all(shuffled.map(({ payload }) => deliver(payload)));
          else for (const { payload } of shuffled) await deliver(payload);
          expect(await stateOf(exchangeId)).toEqual(expectedStateOf(lifecycle));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("keeps first-seen and last-update across out-of-order arrivals", async () => {
    const exchangeId = nextExchangeId++;
    const [approval, confirmation] = callbacksFor(exchangeId, ["WaitingForApproval", "WaitingForConfirmation"]);
    await deliver(confirmation);
    await deliver(approval);
    const exchange = await db().exchange.findUniqueOrThrow({ where: { exchangeId: BigInt(exchangeId) } });
    const timeline = await db().exchangeStatusEvent.findMany({ where: { exchangeId: BigInt(exchangeId) }, orderBy: { id: "asc" } });
    expect(exchange.status).toBe("WaitingForConfirmation");
    expect(exchange.firstSeenAt).toEqual(timeline[0]?.receivedAt);
    expect(exchange.lastUpdateAt).toEqual(timeline[1]?.receivedAt);
  });
});
