// The database stops under load (fast shutdown, then an immediate one — a crash — when there are
// several outages) and starts again, under the same running app: while it is down every delivery
// is answered 503, never 200 or 500, and /api/health says 503; once it is back the app recovers
// without a restart, the senders' retries are answered 200, and each delivery is stored once.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { FAULTS_SESSION_SECRET, isRunning } from "./support/app-server";
import { distinctDeliveries } from "./support/deliveries";
import { checkExactlyOnce } from "./support/exactly-once";
import { answerJson, describeOutcome, httpRequest } from "./support/http";
import { intakeAppTest } from "./support/intake-app";
import { DeliveryLedger, runLanes } from "./support/load";
import { faultsProfile } from "./support/profile";
import { recordNumbers } from "./support/report";
import { viewerSession } from "./support/staff-login";
import { sleep, waitUntil } from "./support/wait";

const test = intakeAppTest("outage");

test(`${faultsProfile.outages} database outage(s) under load: 503 while down, recovery without a restart, nothing lost or doubled`, async ({
  app,
}) => {
  const cookie = await viewerSession(app.baseURL, app.database.url, FAULTS_SESSION_SECRET);
  const dashboardWhileDown: string[] = [];
  const ledger = new DeliveryLedger();
  const next = distinctDeliveries(`outage-${randomUUID().slice(0, 8)}`, 70_000_000);
  let loadStopped = false;

  // The bank retries whatever is not 200; the CRM's operators press Resend. Either way the same
  // bytes come again, so every lane resends a delivery until it is acknowledged.
  const load = runLanes({
    baseURL: app.baseURL,
    lanes: 6,
    ledger,
    next,
    shouldStop: () => loadStopped,
    retryUntilAcknowledged: true,
    retryDeadline: Number.POSITIVE_INFINITY,
    pauseAfterFailureMs: 250,
  });

  const health: { cycle: number; phase: "down" | "up"; status: string }[] = [];
  let cycle = 0;
  let phase: "down" | "up" = "up";
  let healthStopped = false;
  const healthPoller = (async () => {
    while (!healthStopped) {
      const observedIn: { cycle: number; phase: "down" | "up" } = { cycle, phase };
      const answer = await httpRequest(app.baseURL, { method: "GET", path: "/api/health", timeoutMs: 30_000 });
      // Only an answer to a request both sent and answered within one phase says something about it.
      if (observedIn.cycle === cycle && observedIn.phase === phase) health.push({ ...observedIn, status: describeOutcome(answer) });
      await sleep(200);
    }
  })();

  const outages: { cycle: number; shutdown: string; refusedWhileDown: number; acknowledgedAfter: number }[] = [];
  try {
    for (cycle = 1; cycle <= faultsProfile.outages; cycle++) {
      const acknowledgedBefore = ledger.acknowledged;
      await waitUntil(() => ledger.acknowledged >= acknowledgedBefore + 30, "30 deliveries acknowledged before the outage");

      const shutdown = cycle % 2 === 1 ? "fast shutdown" : "immediate shutdown (crash)";
      if (cycle % 2 === 1) await app.database.stop();
      else await app.database.stopImmediately();
      const attemptsAtStop = ledger.attempts.length;
      phase = "down";
      await waitUntil(
        () => ledger.attempts.slice(attemptsAtStop).filter((attempt) => describeOutcome(attempt.outcome) === "503").length >= 10,
        "10 deliveries answered 503 while the database is down",
      );
      await waitUntil(() => health.some((entry) => entry.cycle === cycle && entry.phase === "down"), "/api/health polled while down");
      const refusedWhileDown = ledger.attempts.slice(attemptsAtStop).filter((attempt) => describeOutcome(attempt.outcome) === "503").length;
      // A signed-in operator opening the dashboard now is told the database is unavailable.
      const dashboard = await httpRequest(app.baseURL, { method: "GET", path: "/exchanges", headers: { cookie }, timeoutMs: 30_000 });
      dashboardWhileDown.push(
        dashboard.kind === "answered" && dashboard.body.includes("Database unavailable")
          ? String(dashboard.status)
          : describeOutcome(dashboard),
      );

      await app.database.start();
      phase = "up";
      const acknowledgedAtStart = ledger.acknowledged;
      await waitUntil(
        () => health.some((entry) => entry.cycle === cycle && entry.phase === "up" && entry.status === "200"),
        "/api/health 200 again",
      );
      await waitUntil(() => ledger.acknowledged >= acknowledgedAtStart + 30, "30 deliveries acknowledged after the database is back");
      outages.push({ cycle, shutdown, refusedWhileDown, acknowledgedAfter: ledger.acknowledged - acknowledgedAtStart });
    }
  } finally {
    loadStopped = true;
    healthStopped = true;
    await Promise.all([load, healthPoller]);
  }

  const { numbers, problems } = await checkExactlyOnce(app.database.pool, ledger, { databaseHoldsOnlyThese: true });
  recordNumbers("database-outage", {
    outages,
    ...numbers,
    dashboardWhileDown: [...new Set(dashboardWhileDown)],
    healthWhileDown: [...new Set(health.filter((entry) => entry.phase === "down").map((entry) => entry.status))],
  });

  const answers = ledger.attempts.map((attempt) => describeOutcome(attempt.outcome));
  expect(new Set(answers), "every answer is 200 or 503; never 500, never a dropped connection").toEqual(new Set(["200", "503"]));
  for (const attempt of ledger.attempts.filter((each) => describeOutcome(each.outcome) === "503")) {
    expect(answerJson(attempt.outcome)).toEqual({ error: "database_unavailable", detail: "Not stored; please retry." });
  }
  expect(health.filter((entry) => entry.phase === "down").map((entry) => entry.status)).toEqual(
    health.filter((entry) => entry.phase === "down").map(() => "503"),
  );
  expect(outages).toHaveLength(faultsProfile.outages);
  expect(dashboardWhileDown, "the dashboard said 'Database unavailable' with 503 during every outage").toEqual(
    dashboardWhileDown.map(() => "503"),
  );
  expect(problems).toEqual([]);
  expect(numbers.acknowledged, "every delivery was acknowledged in the end").toBe(numbers.sent);
  expect(numbers).toMatchObject({ stored: numbers.sent, lost: 0, doubled: 0 });
  expect(isRunning(app.server), "the same app process served before, during and after").toBe(true);
});

test("an export the database cuts off half-way is a broken download, never a file that looks complete", async ({ app }) => {
  const cookie = await viewerSession(app.baseURL, app.database.url, FAULTS_SESSION_SECRET);
  const user = `cut-${randomUUID().slice(0, 8)}`;
  await app.database.pool.query(
    `INSERT INTO prop_trading_request (request_id, stage, status, user_id, request_time, group_name, event_slug, search_text, received_at)
     SELECT $1 || '-' || n, 'challenge', 'rejected', $1, timestamptz '2025-01-01' + n * interval '1 minute', repeat('g', 300),
       'crm.webhooks.requests.propTrading.reject', $1, now()
     FROM generate_series(1, 60000) AS n`,
    [user],
  );
  const { request } = await import("node:http");
  const outcome = await new Promise<{ status?: number; bytes: number; ended: "complete" | "aborted" }>((resolve, reject) => {
    const url = new URL(`/api/prop-trading/rejected/export?user=${user}`, app.baseURL);
    const call = request(url, { headers: { cookie } }, (response) => {
      let bytes = 0;
      let terminated = false;
      response.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (terminated) return;
        terminated = true;
        // Reading slowly from here on, while the database ends the COPY under the export's feet.
        response.pause();
        void app.database.pool
          .query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND pid <> pg_backend_pid()")
          .then(() => response.resume());
      });
      const settle = () => resolve({ status: response.statusCode, bytes, ended: response.complete ? "complete" : "aborted" });
      response.on("end", settle);
      response.on("aborted", settle);
      response.on("error", settle);
      response.on("close", settle);
    });
    call.on("error", reject);
    call.end();
  });
  recordNumbers("export-cut-off", outcome);
  expect(outcome.status).toBe(200);
  expect(outcome.ended).toBe("aborted");
  // The audit log says the file is incomplete.
  await expect
    .poll(
      async () =>
        (await app.database.pool.query(`SELECT details FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1`)).rows[0]?.details,
    )
    .toMatchObject({ list: "rejected-prop-trading", incomplete: "failed" });
  // And the app is still there for the next export.
  const health = await httpRequest(app.baseURL, { method: "GET", path: "/api/health" });
  expect(describeOutcome(health)).toBe("200");
});
