// A signal to the supervisor while requests are in flight: SIGTERM to the supervisor alone (as a
// service manager sends it), and in the long profile also SIGINT to its whole process group (Ctrl-C
// in a terminal). The requests already received finish — answered 200 and stored — then the
// embedded PostgreSQL stops cleanly, so the next start needs no crash recovery (read from
// PostgreSQL's own log, which EMBEDDED_PG_LOG=1 has the supervisor print as `[postgres] …`).

import { randomUUID } from "node:crypto";
import http from "node:http";
import { expect, test } from "@playwright/test";
import { type AppServer, killGroup, type SupervisorOptions, startSupervisor, stopGracefully } from "./support/app-server";
import { emptyAppTables, supervisorDatabasePool, supervisorDatabaseUrl } from "./support/database";
import { type Delivery, distinctDeliveries } from "./support/deliveries";
import { checkExactlyOnce } from "./support/exactly-once";
import { answerJson, describeOutcome, errorName, type HttpOutcome } from "./support/http";
import { type Attempt, DeliveryLedger, deliver } from "./support/load";
import { faultsProfile } from "./support/profile";
import { recordNumbers } from "./support/report";
import { freePortAmong, slot } from "./support/slots";
import { sleep, waitUntil } from "./support/wait";

const { webPort, pgPorts, dataDir } = slot("graceful");
const options = (pgPort: number): SupervisorOptions => ({
  name: "graceful",
  port: webPort,
  pgPort,
  dataDir,
  env: { EMBEDDED_PG_LOG: "1" },
});

const CRASH_RECOVERY = /database system was interrupted|was not properly shut down|automatic recovery in progress|redo starts at/;

interface InFlight {
  delivery: Delivery;
  /** Resolves once the headers and the first half of the body are on the wire. */
  started: Promise<void>;
  /** Sends the rest of the body: at once, or a few bytes at a time over about two seconds. */
  finish: (pace: "at once" | "slowly") => void;
  answer: Promise<HttpOutcome>;
}

/** A delivery whose request has begun (headers and half the body sent) and waits to be finished. */
function beginDelivery(baseURL: string, delivery: Delivery): InFlight {
  const body = Buffer.from(delivery.body);
  const half = Math.floor(body.length / 2);
  const outgoing = http.request(new URL(`/api/webhooks/${delivery.sender}`, baseURL), {
    method: "POST",
    headers: { ...delivery.headers, "content-length": String(body.length) },
    agent: false,
    timeout: 120_000,
  });
  const answer = new Promise<HttpOutcome>((resolve) => {
    outgoing.once("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.once("end", () =>
        resolve({ kind: "answered", status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: response.headers }),
      );
    });
    outgoing.once("error", (error) => resolve({ kind: "failed", error: errorName(error) }));
  });
  const started = new Promise<void>((written) => outgoing.write(body.subarray(0, half), () => written()));
  const finish = (pace: "at once" | "slowly") => {
    const rest = body.subarray(half);
    if (pace === "at once") {
      outgoing.end(rest);
      return;
    }
    void (async () => {
      const step = Math.ceil(rest.length / 10);
      for (let offset = 0; offset < rest.length; offset += step) {
        await sleep(200);
        outgoing.write(rest.subarray(offset, offset + step));
      }
      outgoing.end();
    })();
  };
  return { delivery, started, finish, answer };
}

function postgresLines(server: AppServer): string[] {
  return server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("[postgres]"));
}

test("in-flight requests finish and are stored, then PostgreSQL stops cleanly and restarts without recovery", async () => {
  const signals: { name: string; send: (server: AppServer) => void }[] = [
    { name: "SIGTERM to the supervisor", send: (server) => server.process.kill("SIGTERM") },
    ...(faultsProfile.name === "long"
      ? [{ name: "SIGINT to the process group (Ctrl-C)", send: (server: AppServer) => killGroup(server, "SIGINT") }]
      : []),
  ];
  const ledger = new DeliveryLedger();
  const next = distinctDeliveries(`graceful-${randomUUID().slice(0, 8)}`, 90_000_000);
  const rounds: Record<string, unknown>[] = [];

  let server = await startSupervisor(options(await freePortAmong(pgPorts)), pgPorts);
  const firstPool = supervisorDatabasePool(await supervisorDatabaseUrl(dataDir, server.pgPort ?? 0));
  await emptyAppTables(firstPool);
  await firstPool.end();

  try {
    for (const signal of signals) {
      // Requests the server has received but not finished reading when the signal arrives.
      const inFlight = Array.from({ length: 24 }, () => beginDelivery(server.baseURL, next()));
      await Promise.all(inFlight.map((request) => request.started));
      // Give the server time to read the headers it was sent, so these requests are its own
      // in-flight work (a connection it has not read from yet counts as idle and is closed).
      await sleep(2_000);
      // And complete requests racing the signal: answered, or refused at the door — never a 5xx.
      const racing = Array.from({ length: 24 }, () => deliver(server.baseURL, next(), ledger));

      signal.send(server);
      await waitUntil(() => server.output().includes("letting in-flight requests finish"), "the supervisor begins its shutdown", 30_000);
      for (const [index, request] of inFlight.entries()) request.finish(index % 4 === 0 ? "slowly" : "at once");
      const answers = await Promise.all(inFlight.map((request) => request.answer));
      for (const [index, outcome] of answers.entries()) {
        const request = inFlight[index] as InFlight;
        const answerStatus = answerJson(outcome)?.status;
        ledger.record({
          delivery: request.delivery,
          outcome,
          startedAt: 0,
          answeredAt: Date.now(),
          answerStatus: typeof answerStatus === "string" ? answerStatus : undefined,
        } satisfies Attempt);
      }
      const raced = await Promise.all(racing);
      const exit = await server.exited;
      const shutdownLog = postgresLines(server);

      expect(answers.map(describeOutcome), "every in-flight request answered 200").toEqual(answers.map(() => "200"));
      expect(
        raced
          .filter((attempt) => attempt.outcome.kind === "answered" && attempt.outcome.status !== 200)
          .map((attempt) => describeOutcome(attempt.outcome)),
        "racing requests: 200 or refused at the door",
      ).toEqual([]);
      expect(exit.code, `the supervisor exits 0; its output:\n${server.output().slice(-3_000)}`).toBe(0);
      expect(shutdownLog.some((line) => line.includes("database system is shut down"))).toBe(true);

      server = await startSupervisor(options(server.pgPort ?? 0), pgPorts);
      const startLog = postgresLines(server);
      expect(
        startLog.filter((line) => CRASH_RECOVERY.test(line)),
        "PostgreSQL needed no recovery",
      ).toEqual([]);
      expect(startLog.some((line) => line.includes("database system was shut down at"))).toBe(true);

      rounds.push({
        signal: signal.name,
        inFlight: answers.length,
        inFlightAnswered200: answers.filter((outcome) => describeOutcome(outcome) === "200").length,
        racing: Object.fromEntries(
          [...new Set(raced.map((attempt) => describeOutcome(attempt.outcome)))].map((name) => [
            name,
            raced.filter((attempt) => describeOutcome(attempt.outcome) === name).length,
          ]),
        ),
        supervisorExitCode: exit.code,
        postgresShutdown: shutdownLog
          .filter((line) => /shutdown request|database system is shut down/.test(line))
          .map((line) => line.replace(/^.*LOG:\s+/, "")),
        postgresNextStart: startLog.filter((line) => /database system (was|is)/.test(line)).map((line) => line.replace(/^.*LOG:\s+/, "")),
      });
    }

    const pool = supervisorDatabasePool(await supervisorDatabaseUrl(dataDir, server.pgPort ?? 0));
    const { numbers, problems } = await checkExactlyOnce(pool, ledger, { databaseHoldsOnlyThese: true }).finally(() => pool.end());
    recordNumbers("graceful-shutdown", { rounds, ...numbers });
    expect(problems).toEqual([]);
    expect(numbers).toMatchObject({ lost: 0, doubled: 0 });
  } finally {
    await stopGracefully(server);
  }
});
