// Section "ingest": both webhook endpoints under load, against two baselines measured in the same
// run — (a) the same endpoint fed wrongly signed requests: Next.js request handling, body read and
// signature check without the database; (b) a bare node:http + pg server doing the signature check
// and one INSERT. The three take turns in short rounds, so a burst of other work on the machine hits
// all of them alike. Then latency at a steady 500 requests/s, and a check that every request answered
// 200 is in the database. Everything the load added is removed afterwards.
import pg from "pg";
import { BASELINE_TABLE_DDL } from "./baseline-server";
import { restoreDatasetAndClose } from "./generate";
import { RequestPool, type Sender } from "./ingest-requests";
import { LoadRecorder, type LoadSummary, runLoad, runSteadyRate } from "./load";
import { cpuSeconds, type PeakRss, withPeakRss } from "./process-stats";
import type { BenchContext, BenchSection, SectionReport, Table, TargetVerdict } from "./sections";
import { type RunningServer, startBaselineServer } from "./servers";

interface Plan {
  /** Requests per endpoint and server before anything is measured: JIT, module loading, pools. */
  warmupRequests: number;
  connections: number[];
  /** Each variant runs this many rounds of `roundSeconds`, taking turns with the others. */
  rounds: number;
  roundSeconds: number;
  warmupSeconds: number;
  rate: number;
  rateSeconds: number;
  /** One-connection autocannon instances that share the steady rate. */
  rateInstances: number;
}

const PLANS: Record<"full" | "quick", Plan> = {
  full: {
    warmupRequests: 2_000,
    connections: [1, 10, 50],
    rounds: 3,
    roundSeconds: 4,
    warmupSeconds: 2,
    rate: 500,
    rateSeconds: 10,
    rateInstances: 50,
  },
  quick: {
    warmupRequests: 500,
    connections: [10],
    rounds: 1,
    roundSeconds: 4,
    warmupSeconds: 2,
    rate: 500,
    rateSeconds: 3,
    rateInstances: 50,
  },
};

/** ours: signed requests to the app; refused: baseline (a); bare: baseline (b). */
type Variant = "ours" | "refused" | "bare";
const VARIANTS: Variant[] = ["ours", "refused", "bare"];

const VARIANT_LABEL: Record<Variant, string> = {
  ours: "ours (app, signed)",
  refused: "(a) app, wrong signature",
  bare: "(b) node:http + pg",
};

interface StorageCheck {
  answered2xx: number;
  /** Rows added to the table during the runs. */
  newRows: number;
  /** Answered deliveries found by id. */
  found: number;
  /** Of those, how many have their domain row (request or timeline step); null for the baseline. */
  projected: number | null;
  /** Answered 200 but not in the database. */
  lost: number;
  /** In the database but never answered: requests in flight when a run's time was up. */
  storedUnanswered: number;
}

interface Measurement {
  sender: Sender;
  variant: Variant;
  kind: "closed loop" | "steady rate" | "autocannon overallRate";
  load: LoadSummary;
  /** CPU milliseconds per answered request: the server process, and PostgreSQL (all its processes; embedded only). */
  cpuMsPerRequest: { server: number | null; postgres: number | null };
  storage?: StorageCheck;
  serverMemory: PeakRss;
  /** Requests that had to be built during the run because the pre-built ones ran out. */
  poolRefills: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tableOf = (variant: Variant) => (variant === "bare" ? "bench.baseline_delivery" : "delivery");

async function count(db: pg.Pool, sql: string, values: unknown[]): Promise<number> {
  return Number((await db.query<{ n: string }>(sql, values)).rows[0]?.n ?? 0);
}

async function storageCheck(db: pg.Pool, variant: Variant, sender: Sender, before: number, recorder: LoadRecorder, load: LoadSummary) {
  const ids = recorder.deliveryIds;
  const newRows = await count(db, `SELECT count(*) AS n FROM ${tableOf(variant)} WHERE id > $1`, [before]);
  const found = await count(db, `SELECT count(*) AS n FROM ${tableOf(variant)} WHERE id = ANY($1::bigint[])`, [ids]);
  const domain = sender === "crm" ? "prop_trading_request" : "exchange_status_event";
  const projected =
    variant === "ours" ? await count(db, `SELECT count(*) AS n FROM ${domain} WHERE delivery_id = ANY($1::bigint[])`, [ids]) : null;
  const answered2xx = Object.entries(load.statusCodes)
    .filter(([code]) => code.startsWith("2"))
    .reduce((sum, [, n]) => sum + n, 0);
  return { answered2xx, newRows, found, projected, lost: answered2xx - found, storedUnanswered: newRows - found } satisfies StorageCheck;
}

async function maxId(db: pg.Pool, variant: Variant): Promise<number> {
  return Number((await db.query<{ id: string | null }>(`SELECT max(id) AS id FROM ${tableOf(variant)}`)).rows[0]?.id ?? 0);
}

/** Load on one variant, measured: the runs given, with CPU time and peak memory around them. */
class Probe {
  readonly recorder: LoadRecorder;
  readonly pool: RequestPool;
  private cpu = { server: 0, postgres: 0 };
  private memory: PeakRss = { peakMiB: null, beforeMiB: null, lifetimePeakMiB: null, samples: 0 };
  before = 0;

  constructor(
    readonly sender: Sender,
    readonly variant: Variant,
    readonly server: RunningServer,
    private readonly postgresPid: number | undefined,
    requests: number,
  ) {
    this.recorder = new LoadRecorder(variant !== "refused");
    this.pool = new RequestPool(sender, variant === "refused" ? "wrong-signature" : "signed", requests);
  }

  async measure(run: (recorder: LoadRecorder) => Promise<unknown>) {
    const [server, postgres] = await Promise.all([cpuSeconds(this.server.pid), cpuSeconds(this.postgresPid)]);
    const { memory } = await withPeakRss(this.server.pid, () => run(this.recorder));
    const [serverAfter, postgresAfter] = await Promise.all([cpuSeconds(this.server.pid), cpuSeconds(this.postgresPid)]);
    this.cpu.server += (serverAfter ?? Number.NaN) - (server ?? Number.NaN);
    this.cpu.postgres += (postgresAfter ?? Number.NaN) - (postgres ?? Number.NaN);
    this.memory = { ...memory, peakMiB: Math.max(this.memory.peakMiB ?? 0, memory.peakMiB ?? 0) || null };
  }

  async result(db: pg.Pool, kind: Measurement["kind"], connections: number, rate?: number): Promise<Measurement> {
    const load = this.recorder.summary(connections, rate);
    const perRequest = (seconds: number) =>
      Number.isFinite(seconds) && load.responses > 0 ? Math.round((seconds * 1e6) / load.responses) / 1000 : null;
    await sleep(500);
    return {
      sender: this.sender,
      variant: this.variant,
      kind,
      load,
      cpuMsPerRequest: { server: perRequest(this.cpu.server), postgres: this.variant === "refused" ? null : perRequest(this.cpu.postgres) },
      storage: this.variant === "refused" ? undefined : await storageCheck(db, this.variant, this.sender, this.before, this.recorder, load),
      serverMemory: this.memory,
      poolRefills: this.pool.refills,
    };
  }
}

export const ingestSection: BenchSection = {
  name: "ingest",
  async run(context: BenchContext): Promise<SectionReport> {
    const plan = PLANS[context.quick ? "quick" : "full"];
    const app = await context.app();
    const db = new pg.Pool({ connectionString: context.database.url, max: 2 });
    const postgresPid = context.database.serverPid;
    let bare: RunningServer | undefined;
    const measurements: Measurement[] = [];
    // Enough pre-built requests for the fastest rate seen so far of each variant; a guess to begin with.
    const fastest: Record<Variant, number> = { ours: 3_000, refused: 4_000, bare: 12_000 };
    const checkAbort = () => {
      if (context.signal.aborted) throw new Error("Interrupted.");
    };
    const report = (measurement: Measurement) => {
      measurements.push(measurement);
      const { load, cpuMsPerRequest } = measurement;
      context.say(
        `  ${measurement.sender.padEnd(7)} ${measurement.kind === "closed loop" ? `${load.connections} conns` : measurement.kind}, ` +
          `${VARIANT_LABEL[measurement.variant]}: ${load.requestsPerSecond} req/s, p99 ${load.latencyMs.p99} ms, ` +
          `CPU ${cpuMsPerRequest.server ?? "?"} ms/req (+ PostgreSQL ${cpuMsPerRequest.postgres ?? "–"})`,
      );
    };
    try {
      await db.query(BASELINE_TABLE_DDL);
      bare = await startBaselineServer(context.database.url);
      const servers: Record<Variant, RunningServer> = { ours: app, refused: app, bare };

      context.say(`Warming up: ${plan.warmupRequests} requests per endpoint and server…`);
      for (const sender of ["crm", "banking"] as const) {
        for (const variant of VARIANTS) {
          checkAbort();
          const pool = new RequestPool(sender, variant === "refused" ? "wrong-signature" : "signed", plan.warmupRequests);
          const server = servers[variant];
          await runLoad({
            baseUrl: server.baseUrl,
            connections: 10,
            durationSeconds: 60,
            amount: plan.warmupRequests,
            next: pool.next,
            signal: context.signal,
          });
        }
      }

      for (const sender of ["crm", "banking"] as const) {
        for (const connections of plan.connections) {
          const seconds = plan.warmupSeconds + plan.rounds * plan.roundSeconds;
          const probes = VARIANTS.map(
            (variant) => new Probe(sender, variant, servers[variant], postgresPid, Math.ceil(fastest[variant] * seconds * 1.3)),
          );
          for (const probe of probes) {
            checkAbort();
            await runLoad({ baseUrl: probe.server.baseUrl, connections, durationSeconds: plan.warmupSeconds, next: probe.pool.next });
          }
          await sleep(300);
          for (const probe of probes) probe.before = probe.variant === "refused" ? 0 : await maxId(db, probe.variant);
          for (let round = 0; round < plan.rounds; round++) {
            for (const probe of probes) {
              checkAbort();
              const options = {
                baseUrl: probe.server.baseUrl,
                connections,
                durationSeconds: plan.roundSeconds,
                next: probe.pool.next,
                signal: context.signal,
              };
              await probe.measure((recorder) => runLoad(options, recorder));
            }
          }
          for (const probe of probes) {
            const measurement = await probe.result(db, "closed loop", connections);
            fastest[probe.variant] = Math.max(fastest[probe.variant], measurement.load.requestsPerSecond);
            report(measurement);
          }
        }

        for (const kind of ["steady rate", "autocannon overallRate"] as const) {
          checkAbort();
          const probe = new Probe(
            sender,
            "ours",
            app,
            postgresPid,
            Math.ceil(plan.rate * (plan.rateSeconds + plan.warmupSeconds + 2) * 1.2),
          );
          await runLoad({
            baseUrl: app.baseUrl,
            connections: 10,
            durationSeconds: plan.warmupSeconds,
            overallRate: plan.rate,
            next: probe.pool.next,
          });
          await sleep(300);
          probe.before = await maxId(db, "ours");
          const base = { baseUrl: app.baseUrl, durationSeconds: plan.rateSeconds, next: probe.pool.next, signal: context.signal };
          await probe.measure((recorder) =>
            kind === "steady rate"
              ? runSteadyRate({ ...base, rate: plan.rate, instances: plan.rateInstances }, recorder)
              : runLoad({ ...base, connections: 10, overallRate: plan.rate }, recorder),
          );
          report(await probe.result(db, kind, kind === "steady rate" ? plan.rateInstances : 10, plan.rate));
        }
      }
    } finally {
      await bare?.stop();
      await db.query("DROP TABLE IF EXISTS bench.baseline_delivery").catch(() => undefined);
      await restoreDatasetAndClose(db, context.dataset());
    }
    return summarise(plan, measurements);
  },
};

const ratio = (value: number, base: number | undefined) => (base ? Math.round((value / base) * 100) / 100 : null);

function summarise(plan: Plan, measurements: Measurement[]): SectionReport {
  const closed = measurements.filter((entry) => entry.kind === "closed loop");
  const find = (sender: Sender, variant: Variant, connections: number) =>
    closed.find((entry) => entry.sender === sender && entry.variant === variant && entry.load.connections === connections);

  const loadTable: Table = {
    title:
      `Ingest — closed loop: ${plan.rounds} rounds × ${plan.roundSeconds} s per server, taking turns (after ${plan.warmupSeconds} s warm-up); ` +
      "distinct signed bodies",
    columns: [
      "endpoint",
      "conns",
      "server",
      "req/s",
      "p50 ms",
      "p99 ms",
      "errors",
      "non-2xx",
      "ours/(a)",
      "ours/(b)",
      "CPU ms/req",
      "PG CPU ms/req",
    ],
    rows: closed.map((entry) => {
      const ours = entry.variant === "ours";
      const refused = find(entry.sender, "refused", entry.load.connections);
      const bare = find(entry.sender, "bare", entry.load.connections);
      return [
        entry.sender,
        entry.load.connections,
        VARIANT_LABEL[entry.variant],
        entry.load.requestsPerSecond,
        entry.load.latencyMs.p50,
        entry.load.latencyMs.p99,
        entry.load.errors + entry.load.timeouts,
        entry.load.non2xx,
        ours ? ratio(entry.load.requestsPerSecond, refused?.load.requestsPerSecond) : null,
        ours ? ratio(entry.load.requestsPerSecond, bare?.load.requestsPerSecond) : null,
        entry.cpuMsPerRequest.server,
        entry.cpuMsPerRequest.postgres,
      ];
    }),
    notes: [
      "(a) is answered 401 by design: its non-2xx are expected. Load generator, servers and PostgreSQL share the machine's cores.",
      "CPU ms/req: CPU time of the server process per answered request; PG: of all PostgreSQL processes (embedded only).",
    ],
  };

  const rated = measurements.filter((entry) => entry.kind !== "closed loop");
  const rateTable: Table = {
    title: `Ingest — ${plan.rate} requests/s for ${plan.rateSeconds} s (app, signed)`,
    columns: ["endpoint", "how", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors", "non-2xx"],
    rows: rated.map((entry) => [
      entry.sender,
      entry.kind === "steady rate" ? `steady: ${plan.rateInstances} × 1 conn, staggered` : "overallRate, 10 conns (bursts)",
      entry.load.requestsPerSecond,
      entry.load.latencyMs.p50,
      entry.load.latencyMs.p90,
      entry.load.latencyMs.p99,
      entry.load.latencyMs.max,
      entry.load.errors + entry.load.timeouts,
      entry.load.non2xx,
    ]),
    notes: [
      "autocannon's overallRate releases each connection's share at the start of every second (a burst at full concurrency, then idle).",
    ],
  };

  const checked = measurements.filter((entry) => entry.storage && entry.variant === "ours");
  const storageTable: Table = {
    title: "Ingest — is every request answered 200 in the database? (app runs)",
    columns: ["endpoint", "run", "answered 200", "new rows", "found by id", "with domain row", "lost", "stored, unanswered"],
    rows: checked.map((entry) => [
      entry.sender,
      entry.kind === "closed loop" ? `${entry.load.connections} conns` : entry.kind,
      entry.storage?.answered2xx ?? null,
      entry.storage?.newRows ?? null,
      entry.storage?.found ?? null,
      entry.storage?.projected ?? null,
      entry.storage?.lost ?? null,
      entry.storage?.storedUnanswered ?? null,
    ]),
    notes: ['"stored, unanswered": requests in flight when a run\'s time was up; the load generator closed before the answer came.'],
  };

  const targets: TargetVerdict[] = [];
  for (const entry of closed.filter((item) => item.variant === "ours")) {
    const refused = find(entry.sender, "refused", entry.load.connections);
    const share = ratio(entry.load.requestsPerSecond, refused?.load.requestsPerSecond) ?? 0;
    targets.push({
      target: `${entry.sender} at ${entry.load.connections} conns: ≥ 80 % of baseline (a)`,
      met: share >= 0.8,
      detail: `${Math.round(share * 100)} % (${entry.load.requestsPerSecond} vs ${refused?.load.requestsPerSecond ?? "?"} req/s)`,
    });
  }
  for (const entry of rated.filter((item) => item.kind === "steady rate")) {
    const bursts = rated.find((item) => item.sender === entry.sender && item.kind === "autocannon overallRate");
    targets.push({
      target: `${entry.sender}: p99 < 25 ms at ${plan.rate} req/s`,
      met: entry.load.latencyMs.p99 < 25 && entry.load.requestsPerSecond >= plan.rate * 0.95,
      detail: `p99 ${entry.load.latencyMs.p99} ms at ${entry.load.requestsPerSecond} req/s (steady); ${bursts?.load.latencyMs.p99 ?? "?"} ms with overallRate bursts`,
    });
  }
  const ours = measurements.filter((entry) => entry.variant === "ours");
  const failures = ours.reduce((sum, entry) => sum + entry.load.errors + entry.load.timeouts + entry.load.non2xx, 0);
  targets.push({ target: "zero errors (app, signed)", met: failures === 0, detail: `${failures} errors, timeouts or non-2xx answers` });
  const lost = ours.reduce((sum, entry) => sum + (entry.storage?.lost ?? 0), 0);
  const unprojected = ours.reduce(
    (sum, entry) => sum + (entry.storage ? entry.storage.found - (entry.storage.projected ?? entry.storage.found) : 0),
    0,
  );
  targets.push({
    target: "zero lost",
    met: lost === 0 && unprojected === 0,
    detail: `${lost} answered 200 but missing; ${unprojected} stored without their domain row`,
  });

  return { tables: [loadTable, rateTable, storageTable], data: { plan, measurements }, targets };
}
