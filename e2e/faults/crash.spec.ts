// SIGKILL under load, at random moments, then a restart — as `npm start` runs in production:
// the supervisor (scripts/start.ts) with its embedded PostgreSQL and the web server. Two kills:
//   - the supervisor's whole process group (supervisor and web server): the embedded PostgreSQL,
//     in its own process group, is orphaned, and the next start must stop it and take over;
//   - the web server alone: the supervisor notices, stops PostgreSQL cleanly and exits 1.
// The long profile adds kills while the supervisor is still starting up. Afterwards every
// delivery answered 200 is in the database exactly once; the others are there at most once, and
// once the senders retry them, every delivery is there exactly once.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import {
  type AppServer,
  isRunning,
  killGroup,
  launchSupervisor,
  processAlive,
  type SupervisorOptions,
  startSupervisor,
  stopGracefully,
  webServerPid,
} from "./support/app-server";
import { emptyAppTables, supervisorDatabasePool, supervisorDatabaseUrl } from "./support/database";
import { type Delivery, distinctDeliveries } from "./support/deliveries";
import { checkExactlyOnce } from "./support/exactly-once";
import { DeliveryLedger, runLanes } from "./support/load";
import { faultsProfile, faultsSeed, seededRandom } from "./support/profile";
import { recordNumbers } from "./support/report";
import { freePortAmong, slot } from "./support/slots";
import { sleep, waitUntil } from "./support/wait";

type KillMode = "process group" | "web server only" | "process group during start-up";

const { webPort, pgPorts, dataDir } = slot("crash");
/** Each start reuses the previous PostgreSQL port (an orphan may still hold it: the supervisor must cope). */
const options = (pgPort: number): SupervisorOptions => ({ name: "crash", port: webPort, pgPort, dataDir, env: { EMBEDDED_PG_LOG: "1" } });

/** The pid in the data folder's postmaster.pid: the running (or orphaned) PostgreSQL. */
function postmasterPid(): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(projectRoot, dataDir, "pgdata", "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

test("SIGKILL at random moments under load: every acknowledged delivery stored exactly once", async () => {
  const random = seededRandom(faultsSeed + 1);
  const modes: KillMode[] = faultsProfile.killDuringStartUp
    ? ["process group", "web server only", "process group during start-up"]
    : ["process group", "web server only"];
  const ledger = new DeliveryLedger();
  const next = distinctDeliveries(`crash-${randomUUID().slice(0, 8)}`, 80_000_000);
  const kills: Record<string, unknown>[] = [];

  let server: AppServer = await startSupervisor(options(await freePortAmong(pgPorts)), pgPorts);
  const portOf = (app: AppServer) => app.pgPort ?? 0;
  const firstPool = supervisorDatabasePool(await supervisorDatabaseUrl(dataDir, portOf(server)));
  await emptyAppTables(firstPool);
  await firstPool.end();

  let loadStopped = false;
  const load = runLanes({
    baseURL: server.baseURL,
    lanes: faultsProfile.crashLanes,
    ledger,
    next,
    shouldStop: () => loadStopped,
    pauseAfterFailureMs: 300,
  });

  try {
    for (let kill = 1; kill <= faultsProfile.crashKills; kill++) {
      const mode = modes[(kill - 1) % modes.length] as KillMode;
      const acknowledgedBefore = ledger.acknowledged;
      if (mode === "process group during start-up") {
        // The previous kill left the app down; restart it and kill it again before it is ready.
        await stopGracefully(server);
        server = launchSupervisor(options(portOf(server)));
        await sleep(500 + random() * 4_000);
      } else {
        await waitUntil(() => ledger.acknowledged >= acknowledgedBefore + 20, "20 deliveries acknowledged since the last restart");
        await sleep(random() * 2_000);
      }
      const postgresBefore = postmasterPid();
      const healthyWhenKilled = mode !== "process group during start-up" || server.output().includes("Dashboard:");
      const attemptsAtKill = ledger.attempts.length;

      if (mode === "web server only") process.kill(webServerPid(server), "SIGKILL");
      else killGroup(server, "SIGKILL");
      const exit = await server.exited;
      const postgresOrphaned = mode !== "web server only" && postgresBefore !== undefined && processAlive(postgresBefore);
      if (mode === "web server only") {
        expect(exit.code, "the supervisor exits 1 when its web server dies").toBe(1);
        expect(postgresBefore !== undefined && processAlive(postgresBefore), "…after stopping PostgreSQL").toBe(false);
      }
      if (mode === "process group") expect(postgresOrphaned, "PostgreSQL survives its supervisor (own process group)").toBe(true);

      server = await startSupervisor(options(portOf(server)), pgPorts);
      if (postgresOrphaned && postgresBefore !== undefined) {
        expect(processAlive(postgresBefore), "the new supervisor stopped the orphaned PostgreSQL").toBe(false);
      }
      kills.push({
        kill,
        mode,
        healthyWhenKilled,
        postgresOrphaned,
        acknowledgedSincePreviousKill: ledger.acknowledged - acknowledgedBefore,
        attemptsInFlightOrLater: ledger.attempts.length - attemptsAtKill,
      });
    }
    await waitUntil(() => ledger.acknowledged >= (kills.length > 0 ? 20 : 0), "deliveries acknowledged after the last restart");
  } finally {
    loadStopped = true;
    await load;
  }

  const pool = supervisorDatabasePool(await supervisorDatabaseUrl(dataDir, portOf(server)));
  try {
    const answers = new Set(ledger.attempts.map((attempt) => (attempt.outcome.kind === "answered" ? attempt.outcome.status : "no answer")));
    expect(
      [...answers].filter((answer) => answer !== 200 && answer !== "no answer"),
      "HTTP answers other than 200",
    ).toEqual([]);

    const afterCrashes = await checkExactlyOnce(pool, ledger, { databaseHoldsOnlyThese: true });
    expect(afterCrashes.problems).toEqual([]);
    expect(afterCrashes.numbers.lost).toBe(0);
    expect(afterCrashes.numbers.doubled).toBe(0);

    // The senders retry whatever was not acknowledged: now every delivery is stored, once.
    const unacknowledged = ledger.deliveries.filter((delivery) => !ledger.isAcknowledged(delivery));
    const queue: Delivery[] = [...unacknowledged];
    await runLanes({
      baseURL: server.baseURL,
      lanes: 4,
      ledger,
      next: () => queue.shift(),
      shouldStop: () => false,
      retryUntilAcknowledged: true,
      retryDeadline: Date.now() + 120_000,
    });
    const afterRetries = await checkExactlyOnce(pool, ledger, { databaseHoldsOnlyThese: true });
    recordNumbers("crash", {
      seed: faultsSeed,
      kills,
      afterCrashes: afterCrashes.numbers,
      retriedByTheSenders: unacknowledged.length,
      afterRetries: afterRetries.numbers,
    });
    expect(afterRetries.problems).toEqual([]);
    expect(afterRetries.numbers).toMatchObject({
      stored: afterRetries.numbers.sent,
      acknowledged: afterRetries.numbers.sent,
      lost: 0,
      doubled: 0,
    });
    expect(kills).toHaveLength(faultsProfile.crashKills);
  } finally {
    await pool.end();
    const stopped = await stopGracefully(server);
    expect(stopped.code, `the last supervisor stops cleanly; its output:\n${server.output().slice(-2_000)}`).toBe(0);
    expect(isRunning(server)).toBe(false);
  }
});
