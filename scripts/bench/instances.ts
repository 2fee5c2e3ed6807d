// Section "instances": the webhook intake on one app instance and on two (the web server twice, one
// PostgreSQL), the same total load either way, taking turns in short rounds. Behind docs/scaling.md:
// the app keeps no state of its own, so a second instance adds what the machine has to give. On a
// 2-core machine both instances and PostgreSQL share the same two cores, so this shows that the
// instances cooperate correctly (nothing lost, nothing doubled) more than how far they scale.
import pg from "pg";
import { restoreDatasetAndClose } from "./generate";
import { RequestPool, type Sender } from "./ingest-requests";
import { LoadRecorder, runLoad } from "./load";
import type { BenchContext, BenchSection, SectionReport, TargetVerdict } from "./sections";
import { BENCH_PORT, type RunningServer, startAppServer } from "./servers";

const CONNECTIONS = 20;

interface InstancesRun {
  sender: Sender;
  instances: 1 | 2;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  answered: number;
  found: number;
}

async function storedOf(db: pg.Pool, ids: string[]): Promise<number> {
  const result = await db.query<{ n: string }>("SELECT count(*) AS n FROM delivery WHERE id = ANY($1::bigint[])", [ids]);
  return Number(result.rows[0]?.n ?? 0);
}

export const instancesSection: BenchSection = {
  name: "instances",
  async run(context: BenchContext): Promise<SectionReport> {
    const rounds = context.quick ? 1 : 3;
    const roundSeconds = context.quick ? 3 : 5;
    const first = await context.app();
    let second: RunningServer | undefined;
    const db = new pg.Pool({ connectionString: context.database.url, max: 2 });
    const runs: InstancesRun[] = [];
    try {
      context.say("  starting a second app instance…");
      second = await startAppServer(context.database.url, { port: BENCH_PORT + 2, name: "app-2" });
      for (const sender of ["crm", "banking"] as Sender[]) {
        const pools = [new RequestPool(sender, "signed", 4_000), new RequestPool(sender, "signed", 4_000)];
        // Warm the second instance's routes and pools as the first one's were by the earlier sections.
        for (const [index, server] of [first, second].entries()) {
          await runLoad({
            baseUrl: server.baseUrl,
            connections: 10,
            durationSeconds: 60,
            amount: context.quick ? 200 : 500,
            next: (pools[index] as RequestPool).next,
          });
        }
        const recorders = { 1: new LoadRecorder(true), 2: new LoadRecorder(true) };
        const seconds = { 1: 0, 2: 0 };
        for (let round = 0; round < rounds; round++) {
          for (const instances of [1, 2] as const) {
            if (context.signal.aborted) throw new Error("Interrupted.");
            const servers = instances === 1 ? [first] : [first, second];
            const started = performance.now();
            await Promise.all(
              servers.map((server, index) =>
                runLoad(
                  {
                    baseUrl: server.baseUrl,
                    connections: CONNECTIONS / servers.length,
                    durationSeconds: roundSeconds,
                    next: (pools[index] as RequestPool).next,
                    signal: context.signal,
                  },
                  recorders[instances],
                ),
              ),
            );
            seconds[instances] += (performance.now() - started) / 1000;
          }
        }
        for (const instances of [1, 2] as const) {
          const summary = recorders[instances].summary(CONNECTIONS);
          const answered = Object.entries(summary.statusCodes)
            .filter(([code]) => code.startsWith("2"))
            .reduce((sum, [, n]) => sum + n, 0);
          const run: InstancesRun = {
            sender,
            instances,
            // Two instances run side by side: their responses add up over the same wall-clock time.
            requestsPerSecond: Math.round(summary.responses / seconds[instances]),
            p50: summary.latencyMs.p50,
            p99: summary.latencyMs.p99,
            non2xx: summary.non2xx,
            errors: summary.errors + summary.timeouts,
            answered,
            found: await storedOf(db, recorders[instances].deliveryIds),
          };
          runs.push(run);
          context.say(
            `  ${sender} on ${instances} instance(s): ${run.requestsPerSecond} req/s, p99 ${run.p99} ms, lost ${answered - run.found}`,
          );
        }
      }
    } finally {
      await second?.stop();
      await restoreDatasetAndClose(db, context.dataset());
    }
    const rateOf = (sender: Sender, instances: 1 | 2) => runs.find((run) => run.sender === sender && run.instances === instances);
    const targets: TargetVerdict[] = runs.map((run) => ({
      target: `${run.sender} on ${run.instances} instance(s): every 200 stored, no errors`,
      met: run.answered === run.found && run.errors === 0 && run.non2xx === 0,
      detail: `${run.answered} answered 200, ${run.found} stored, ${run.errors} errors, ${run.non2xx} non-2xx`,
    }));
    return {
      tables: [
        {
          title: `Instances — intake on 1 vs 2 app instances (one PostgreSQL), ${CONNECTIONS} connections in all, ${rounds} alternating rounds of ${roundSeconds} s`,
          columns: ["endpoint", "instances", "req/s", "× one instance", "p50 ms", "p99 ms", "answered 200", "stored", "errors"],
          rows: runs.map((run) => [
            run.sender,
            run.instances,
            run.requestsPerSecond,
            Math.round((run.requestsPerSecond / (rateOf(run.sender, 1)?.requestsPerSecond ?? Number.NaN)) * 100) / 100,
            run.p50,
            run.p99,
            run.answered,
            run.found,
            run.errors + run.non2xx,
          ]),
          notes: ["All processes share this machine's cores: on 2 cores the second instance competes with the first and with PostgreSQL."],
        },
      ],
      data: { rounds, roundSeconds, connections: CONNECTIONS, runs },
      targets,
    };
  },
};
