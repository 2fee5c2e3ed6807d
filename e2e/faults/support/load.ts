// A load generator that records every answer: each delivery attempt with what came back (a status
// and body, or the socket error), so a spec can later hold the database against exactly the
// deliveries that were acknowledged with 200.
import http from "node:http";
import type { Delivery } from "./deliveries";
import { answerJson, describeOutcome, type HttpOutcome, httpRequest } from "./http";
import { sleep } from "./wait";

export interface Attempt {
  delivery: Delivery;
  outcome: HttpOutcome;
  /** `status` of a JSON answer: accepted, duplicate, quarantined … */
  answerStatus?: string;
  startedAt: number;
  answeredAt: number;
}

export class DeliveryLedger {
  readonly attempts: Attempt[] = [];
  private readonly delivered = new Set<Delivery>();
  private readonly acknowledgedSet = new Set<Delivery>();

  record(attempt: Attempt): void {
    this.attempts.push(attempt);
    this.delivered.add(attempt.delivery);
    if (attempt.outcome.kind === "answered" && attempt.outcome.status === 200) this.acknowledgedSet.add(attempt.delivery);
  }

  get deliveries(): Delivery[] {
    return [...this.delivered];
  }

  isAcknowledged(delivery: Delivery): boolean {
    return this.acknowledgedSet.has(delivery);
  }

  get acknowledged(): number {
    return this.acknowledgedSet.size;
  }

  /** How many attempts got each answer: { "200": 812, "503": 40, "ECONNREFUSED": 12 }. */
  tally(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const attempt of this.attempts) {
      const name = describeOutcome(attempt.outcome);
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }

  /** Attempts answered with anything but the given statuses (socket errors included). */
  unexpected(allowed: readonly (number | string)[]): Attempt[] {
    return this.attempts.filter((attempt) => {
      const name = describeOutcome(attempt.outcome);
      return !allowed.some((status) => String(status) === name);
    });
  }
}

export async function deliver(baseURL: string, delivery: Delivery, ledger: DeliveryLedger, agent?: http.Agent): Promise<Attempt> {
  const startedAt = Date.now();
  const outcome = await httpRequest(baseURL, {
    path: `/api/webhooks/${delivery.sender}`,
    headers: delivery.headers,
    body: delivery.body,
    agent,
  });
  const answerStatus = answerJson(outcome)?.status;
  const attempt: Attempt = {
    delivery,
    outcome,
    startedAt,
    answeredAt: Date.now(),
    answerStatus: typeof answerStatus === "string" ? answerStatus : undefined,
  };
  ledger.record(attempt);
  return attempt;
}

/** One keep-alive connection per lane; idle sockets are dropped before the server's 5 s keep-alive ends. */
export const laneAgent = () => new http.Agent({ keepAlive: true, maxSockets: 1, timeout: 4_000 });

/**
 * Closed-loop load: `lanes` connections, each sending the next delivery as soon as the previous one
 * was answered, until `shouldStop()`. With `retryUntilAcknowledged`, a lane resends the same
 * delivery (with back-off, as the bank does) until it gets 200, even after `shouldStop()`.
 */
export async function runLanes(options: {
  baseURL: string;
  lanes: number;
  ledger: DeliveryLedger;
  next: () => Delivery | undefined;
  shouldStop: () => boolean;
  retryUntilAcknowledged?: boolean;
  /** Give up retrying after this moment (ms since epoch). */
  retryDeadline?: number;
  /** Pause after a socket error, so a lane does not spin while the server is down. */
  pauseAfterFailureMs?: number;
}): Promise<void> {
  const lane = async () => {
    const agent = laneAgent();
    try {
      while (!options.shouldStop()) {
        const delivery = options.next();
        if (!delivery) return;
        let backOffMs = 100;
        while (true) {
          const attempt = await deliver(options.baseURL, delivery, options.ledger, agent);
          if (attempt.outcome.kind === "answered" && attempt.outcome.status === 200) break;
          if (attempt.outcome.kind === "failed" && options.pauseAfterFailureMs) await sleep(options.pauseAfterFailureMs);
          if (!options.retryUntilAcknowledged || Date.now() > (options.retryDeadline ?? Number.POSITIVE_INFINITY)) break;
          await sleep(backOffMs);
          backOffMs = Math.min(backOffMs * 2, 2_000);
        }
      }
    } finally {
      agent.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.lanes }, lane));
}

/**
 * Open-loop load at a steady rate: deliveries are started on schedule whether or not earlier ones
 * were answered, up to `maxInFlight` at once (beyond that a slot is skipped and counted).
 */
export async function runSteadyRate(options: {
  baseURL: string;
  ratePerSecond: number;
  durationMs: number;
  ledger: DeliveryLedger;
  next: () => Delivery;
  maxInFlight: number;
}): Promise<{ started: number; skipped: number }> {
  const began = Date.now();
  const inFlight = new Set<Promise<unknown>>();
  let started = 0;
  let skipped = 0;
  while (Date.now() - began < options.durationMs) {
    const due = Math.floor(((Date.now() - began) / 1000) * options.ratePerSecond) - started - skipped;
    for (let i = 0; i < due; i++) {
      if (inFlight.size >= options.maxInFlight) {
        skipped += 1;
        continue;
      }
      started += 1;
      const sending = deliver(options.baseURL, options.next(), options.ledger).finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
    await sleep(50);
  }
  await Promise.all(inFlight);
  return { started, skipped };
}
