// Deliveries arriving all at once: identical ones are stored once and each acknowledged; distinct
// ones are all stored; status callbacks for the same exchanges, interleaved out of order over
// several connections, leave the same exchange state and timeline as one connection sending them
// in order.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import type pg from "pg";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import type { SenderName } from "@/tooling/testing/webhook-requests";
import { type Delivery, distinctDeliveries, signedDelivery } from "./support/deliveries";
import { checkExactlyOnce } from "./support/exactly-once";
import { SENDERS, validPayload } from "./support/hostile";
import { describeOutcome } from "./support/http";
import { intakeAppTest } from "./support/intake-app";
import { DeliveryLedger, deliver, laneAgent } from "./support/load";
import { faultsProfile, faultsSeed, seededRandom } from "./support/profile";
import { recordNumbers } from "./support/report";

const test = intakeAppTest("concurrency");

for (const sender of SENDERS) {
  test(`100 identical ${sender} deliveries at once: one domain row, 100 acknowledgements`, async ({ app }) => {
    const payload = validPayload(sender);
    const key = sender === "crm" ? (payload as { data: { id: string } }).data.id : (payload as { Id: string }).Id;
    const delivery = signedDelivery(sender, payload, key);
    const ledger = new DeliveryLedger();
    await Promise.all(Array.from({ length: 100 }, () => deliver(app.baseURL, delivery, ledger)));

    const answers = ledger.attempts.map((attempt) => `${describeOutcome(attempt.outcome)} ${attempt.answerStatus}`);
    expect(answers.filter((answer) => answer === "200 accepted")).toHaveLength(1);
    expect(answers.filter((answer) => answer === "200 duplicate")).toHaveLength(99);

    const rows = await app.database.pool.query<{ outcome: string; duplicate_of_id: string | null; id: string }>(
      "SELECT id::text, outcome::text, duplicate_of_id::text FROM delivery WHERE body_sha256 = $1",
      [delivery.sha256],
    );
    const original = rows.rows.find((row) => row.outcome === "projected");
    expect(rows.rows.filter((row) => row.outcome === "duplicate" && row.duplicate_of_id === original?.id)).toHaveLength(99);
    const { numbers, problems } = await checkExactlyOnce(app.database.pool, ledger);
    expect(problems).toEqual([]);
    expect(numbers).toMatchObject({ sent: 1, acknowledged: 1, stored: 1, lost: 0, doubled: 0 });
    recordNumbers(`concurrency-100-identical-${sender}`, {
      sent: 100,
      answers: Object.fromEntries(answers.map((answer) => [answer, answers.filter((other) => other === answer).length])),
      domainRows: numbers.stored,
      inboxRows: rows.rowCount,
    });
  });
}

test(`${faultsProfile.distinctBurst} distinct deliveries at once: every one stored`, async ({ app }) => {
  const next = distinctDeliveries(`burst-${randomUUID().slice(0, 8)}`, 50_000_000);
  const deliveries = Array.from({ length: faultsProfile.distinctBurst }, next);
  const ledger = new DeliveryLedger();
  await Promise.all(deliveries.map((delivery) => deliver(app.baseURL, delivery, ledger)));
  const { numbers, problems } = await checkExactlyOnce(app.database.pool, ledger);
  const answeredWithin = Math.max(...ledger.attempts.map((attempt) => attempt.answeredAt - attempt.startedAt));
  recordNumbers("concurrency-distinct-burst", { ...numbers, slowestAnswerMs: answeredWithin });
  expect(problems).toEqual([]);
  expect(numbers.answers).toEqual({ "200": faultsProfile.distinctBurst });
  expect(numbers).toMatchObject({ sent: faultsProfile.distinctBurst, stored: faultsProfile.distinctBurst, lost: 0, doubled: 0 });
});

interface ExchangeScript {
  /** 0, 1, 2 … — the same script is played on two exchange ids. */
  index: number;
  steps: { step: string; status: string; omitManagee: boolean }[];
}

/**
 * The status path of each exchange. Ranks are distinct (plus at most one status we do not know),
 * so the final state cannot depend on the order, only on the intake being right under concurrency.
 */
function exchangeScripts(count: number): ExchangeScript[] {
  const terminal = ["Completed", "Failed", "Rejected"];
  return Array.from({ length: count }, (_, index) => ({
    index,
    steps: [
      { step: "a", status: "WaitingForApproval", omitManagee: true },
      { step: "b", status: index % 2 === 0 ? "WaitingForConfirmation" : "AwaitingRfi", omitManagee: false },
      { step: "c", status: "Pending", omitManagee: false },
      { step: "d", status: terminal[index % terminal.length] ?? "Completed", omitManagee: false },
      ...(index % 3 === 0 ? [{ step: "e", status: "UnderReview", omitManagee: false }] : []),
    ],
  }));
}

function scriptDeliveries(scripts: ExchangeScript[], run: string, exchangeIdBase: number): Delivery[] {
  return scripts.flatMap((script) =>
    script.steps.map(({ step, status, omitManagee }) => {
      const callbackId = `${run}-${script.index}-${step}`;
      const payload = exchangeCallbackPayload({
        callbackId,
        exchangeId: exchangeIdBase + script.index,
        status,
        manageesId: 7_000 + script.index,
      });
      if (omitManagee) delete (payload.Data as { ManageesId?: number }).ManageesId;
      return signedDelivery("banking" satisfies SenderName, payload, callbackId);
    }),
  );
}

async function exchangeStates(pool: pg.Pool, exchangeIdBase: number, count: number, run: string) {
  const exchanges = await pool.query(
    `SELECT x.exchange_id - $1 AS index, x.status, x.status_rank, x.exchange_type, x.asset_pair, x.managees_id::text,
            x.request_amount::text, x.request_price::text, x.executed_amount::text, x.executed_price::text, x.commission_fee::text,
            x.has_open_rfi, x.from_transactions_id - $1 * 10 AS from_transactions, x.to_transactions_id - $1 * 10 AS to_transactions,
            x.status_changes,
            replace(current.callback_id, $3, '') AS current_callback
       FROM exchange x JOIN exchange_status_event current ON current.id = x.current_event_id
      WHERE x.exchange_id >= $1 AND x.exchange_id < $1 + $2 ORDER BY x.exchange_id`,
    [exchangeIdBase, count, run],
  );
  const timeline = await pool.query(
    `SELECT exchange_id - $1 AS index, replace(callback_id, $3, '') AS callback, status, status_rank, managees_id::text,
            executed_amount::text, has_open_rfi
       FROM exchange_status_event WHERE exchange_id >= $1 AND exchange_id < $1 + $2 ORDER BY exchange_id, callback_id`,
    [exchangeIdBase, count, run],
  );
  return { exchanges: exchanges.rows, timeline: timeline.rows };
}

test("status callbacks interleaved out of order over several connections end as a serial run does", async ({ app }) => {
  const count = faultsProfile.interleavedExchanges;
  const scripts = exchangeScripts(count);
  const run = randomUUID().slice(0, 8);
  const serialBase = 60_000_000;
  const concurrentBase = 61_000_000;

  const serialLedger = new DeliveryLedger();
  const serial = scriptDeliveries(scripts, `s${run}`, serialBase);
  const serialAgent = laneAgent();
  for (const delivery of serial) await deliver(app.baseURL, delivery, serialLedger, serialAgent);
  serialAgent.destroy();

  // The same steps on other exchanges, shuffled, every fourth exchange's steps each sent twice
  // (the bank retrying), spread over eight keep-alive connections sending at once.
  const random = seededRandom(faultsSeed);
  const concurrent = scriptDeliveries(scripts, `c${run}`, concurrentBase);
  const resent = concurrent.filter((delivery) => Number(delivery.key.split("-")[1]) % 4 === 0);
  const shuffled = [...concurrent, ...resent]
    .map((delivery) => ({ delivery, order: random() }))
    .sort((a, b) => a.order - b.order)
    .map(({ delivery }) => delivery);
  const lanes = 8;
  const concurrentLedger = new DeliveryLedger();
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      const agent = laneAgent();
      for (let i = lane; i < shuffled.length; i += lanes) await deliver(app.baseURL, shuffled[i] as Delivery, concurrentLedger, agent);
      agent.destroy();
    }),
  );

  expect(serialLedger.tally()).toEqual({ "200": serial.length });
  expect(concurrentLedger.tally()).toEqual({ "200": shuffled.length });
  expect(concurrentLedger.attempts.filter((attempt) => attempt.answerStatus === "duplicate")).toHaveLength(resent.length);

  const reference = await exchangeStates(app.database.pool, serialBase, count, `s${run}`);
  const interleaved = await exchangeStates(app.database.pool, concurrentBase, count, `c${run}`);
  expect(reference.exchanges).toHaveLength(count);
  expect(reference.timeline).toHaveLength(serial.length);
  expect(interleaved.exchanges).toEqual(reference.exchanges);
  expect(interleaved.timeline).toEqual(reference.timeline);
  const { problems } = await checkExactlyOnce(app.database.pool, concurrentLedger);
  expect(problems).toEqual([]);
  recordNumbers("concurrency-interleaved-callbacks", {
    exchanges: count,
    callbacks: concurrent.length,
    resent: resent.length,
    connections: lanes,
    answers: concurrentLedger.tally(),
    exchangesDifferingFromSerialRun: interleaved.exchanges.filter(
      (row, index) => JSON.stringify(row) !== JSON.stringify(reference.exchanges[index]),
    ).length,
  });
});
