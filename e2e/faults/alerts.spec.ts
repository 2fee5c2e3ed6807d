// Alerts under faults, with two app instances on one PostgreSQL (one evaluates and sends, holding
// the lock): SIGKILL of that instance while it sends — the other takes over and every notification
// arrives; a channel down for a while — everything arrives once it is back, once per idempotency key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { type AppServer, isRunning, killGroup, startNextServer, stopGracefully } from "./support/app-server";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { signedDelivery } from "./support/deliveries";
import { httpRequest } from "./support/http";
import { recordNumbers } from "./support/report";
import { slot } from "./support/slots";
import { sleep, waitUntil } from "./support/wait";

test.describe.configure({ mode: "serial" });

const { webPort, pgPorts, dataDir } = slot("alerts");
let database: TestDatabase;
const instances: AppServer[] = [];

/** A channel's receiver: answers 503 while down, takes `delayMs` to answer, counts successes per idempotency key. */
const receiver = { down: false, delayMs: 0, delivered: new Map<string, number>(), refused: 0 };
const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const key = String(/Alert #\d+ · ([^"\\]+)/.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "");
    setTimeout(() => {
      if (receiver.down) {
        receiver.refused += 1;
        response.writeHead(503).end();
        return;
      }
      receiver.delivered.set(key, (receiver.delivered.get(key) ?? 0) + 1);
      response.writeHead(200).end("ok");
    }, receiver.delayMs);
  });
});

const env = { ALERTS_EVALUATION_SECONDS: "1", ALERTS_RETRY_BASE_SECONDS: "1", ALERTS_MAX_ATTEMPTS: "30" };

test.beforeAll(async () => {
  test.setTimeout(300_000);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  database = await startTestDatabase(dataDir, pgPorts);
  instances.push(
    ...(await Promise.all([
      startNextServer({ name: "alerts-a", port: webPort, databaseUrl: database.url, env }),
      startNextServer({ name: "alerts-b", port: webPort + 1, databaseUrl: database.url, env }),
    ])),
  );
  // The rules exist once an evaluator has run; route "exchange failed" to the receiver.
  await waitUntil(
    async () => Number((await database.pool.query("SELECT count(*) AS n FROM alert_rule")).rows[0]?.n) > 0,
    "the rules to exist",
    60_000,
  );
  const channel = await database.pool.query<{ id: string }>(
    "INSERT INTO alert_channel (kind, name, target) VALUES ('slack', 'fault receiver', $1) RETURNING id",
    [`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack`],
  );
  await database.pool.query("UPDATE alert_rule SET channel_ids = ARRAY[$1::bigint] WHERE id = 'exchange-failed'", [channel.rows[0]?.id]);
});

test.afterAll(async () => {
  for (const instance of instances) if (isRunning(instance)) await stopGracefully(instance);
  await database?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let exchangeId = 7_000_000;
async function failExchanges(count: number, through: AppServer): Promise<void> {
  for (let n = 0; n < count; n++) {
    exchangeId += 1;
    const delivery = signedDelivery(
      "banking",
      exchangeCallbackPayload({ callbackId: `af-${exchangeId}`, exchangeId, status: "Failed" }),
      `af-${exchangeId}`,
    );
    const answer = await httpRequest(through.baseURL, { path: "/api/webhooks/banking", headers: delivery.headers, body: delivery.body });
    expect(answer.kind === "answered" && answer.status).toBe(200);
  }
}

async function leader(): Promise<AppServer> {
  let found: AppServer | undefined;
  await waitUntil(
    async () => {
      const name = String((await database.pool.query("SELECT leader FROM alert_evaluation WHERE id = 1")).rows[0]?.leader ?? "");
      found = instances.find((instance) => isRunning(instance) && name.endsWith(`:${instance.pid}`));
      return found !== undefined;
    },
    "an instance to lead the evaluation",
    30_000,
  );
  return found as AppServer;
}

async function notificationStates(): Promise<Record<string, number>> {
  const rows = (await database.pool.query<{ state: string; n: string }>("SELECT state::text, count(*) AS n FROM notification GROUP BY 1"))
    .rows;
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

test("SIGKILL of the instance sending notifications: the other takes the lead and every notification arrives", async () => {
  test.setTimeout(180_000);
  const first = await leader();
  const other = instances.find((instance) => instance !== first) as AppServer;
  receiver.delayMs = 1_500;
  await failExchanges(12, other);
  // The leader is sending (each answer takes 1.5 s): kill it mid-batch.
  await waitUntil(
    async () => Number((await database.pool.query("SELECT count(*) AS n FROM notification WHERE attempts > 0")).rows[0]?.n) > 0,
    "a dispatch to begin",
    30_000,
  );
  await sleep(500);
  killGroup(first, "SIGKILL");
  await first.exited;
  const killedAt = Date.now();
  const next = await leader();
  expect(next).toBe(other);
  const takeoverMs = Date.now() - killedAt;
  receiver.delayMs = 0;
  await waitUntil(async () => (await notificationStates()).delivered === 12, "all 12 notifications to be delivered", 120_000);
  expect(await notificationStates()).toEqual({ delivered: 12 });
  const keys = [...receiver.delivered.entries()];
  expect(keys).toHaveLength(12);
  // At least once; a second copy only for what the killed instance had in flight, with the same key.
  const repeated = keys.filter(([, times]) => times > 1).length;
  recordNumbers("alerts: SIGKILL of the sending instance", { notifications: 12, takeoverMs, repeatedKeys: repeated });
});

test("a channel down for a while gets every notification once it is back, once per key", async () => {
  test.setTimeout(180_000);
  receiver.delivered.clear();
  receiver.down = true;
  const sender = instances.find((instance) => isRunning(instance)) as AppServer;
  await failExchanges(8, sender);
  await waitUntil(async () => receiver.refused >= 8, "the channel to refuse every notification at least once", 60_000);
  await sleep(3_000);
  receiver.down = false;
  await waitUntil(async () => (await notificationStates()).delivered === 20, "all 20 notifications to be delivered", 120_000);
  expect(receiver.delivered.size).toBe(8);
  expect([...receiver.delivered.values()].every((times) => times === 1)).toBe(true);
  const attempts = Number((await database.pool.query("SELECT count(*) AS n FROM notification_attempt WHERE NOT ok")).rows[0]?.n);
  expect(attempts).toBeGreaterThanOrEqual(8);
  recordNumbers("alerts: channel down then back", {
    notifications: 8,
    refusedWhileDown: receiver.refused,
    failedAttemptsRecorded: attempts,
  });
});
