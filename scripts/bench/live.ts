// Section "live": the live console's cost and reach.
//   1. What publishing costs the intake: signed deliveries to two fresh app instances on the same
//      database, one with the change feed on (and a stream open, so its LISTEN connection reads the
//      notifications) and one with LIVE_FEED=off, taking turns in short rounds. Target ≥ 0.95.
//   2. Fan-out: 200 streams open on the feed-on instance while deliveries arrive at 100/s; for every
//      stream and every delivery, the time from the delivery's 200 answer (as the sender saw it) to
//      the event reaching the stream; the server's memory; whether any stream missed any delivery.
//      Streams and sender share this process, so its own event loop is part of the measured time.
import pg from "pg";
import { LiveEvents } from "@/tooling/testing/live-events";
import { restoreDatasetAndClose } from "./generate";
import { RequestPool, type Sender } from "./ingest-requests";
import { LoadRecorder, runLoad } from "./load";
import { cpuSeconds, withPeakRss } from "./process-stats";
import type { BenchContext, BenchSection, SectionReport, Table, TargetVerdict } from "./sections";
import { BENCH_PORT, type RunningServer, startAppServer } from "./servers";
import { benchSession } from "./session";

interface Plan {
  connections: number[];
  rounds: number;
  roundSeconds: number;
  streams: number;
  rate: number;
  fanOutSeconds: number;
}

const PLANS: Record<"full" | "quick", Plan> = {
  full: { connections: [10, 50], rounds: 3, roundSeconds: 4, streams: 200, rate: 100, fanOutSeconds: 20 },
  quick: { connections: [10], rounds: 3, roundSeconds: 3, streams: 200, rate: 100, fanOutSeconds: 6 },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const round1 = (value: number) => Math.round(value * 10) / 10;

async function openStream(server: RunningServer, cookie: string, onEvent?: (name: string, data: string, at: number) => void) {
  const response = await fetch(`${server.baseUrl}/api/live`, { headers: { cookie, accept: "text/event-stream" } });
  if (response.status !== 200) throw new Error(`GET /api/live answered ${response.status}`);
  let live = false;
  const stream = new LiveEvents(response.body as ReadableStream<Uint8Array>, {
    keep: false,
    onEvent: (event) => {
      if (event.event === "feed" && event.data.includes('"live"')) live = true;
      if (event.event === "refused") throw new Error(`The stream was refused: ${event.data}`);
      onEvent?.(event.event ?? "message", event.data, event.at);
    },
  });
  return { stream, isLive: () => live };
}

/** WAL flushes PostgreSQL has made (pg_stat_io, PostgreSQL 18), or null where it does not count them. */
async function walFsyncs(db: pg.Pool): Promise<number | null> {
  try {
    const result = await db.query<{ n: string | null }>("SELECT sum(fsyncs)::text AS n FROM pg_stat_io WHERE object = 'wal'");
    return result.rows[0]?.n === null || result.rows[0]?.n === undefined ? null : Number(result.rows[0].n);
  } catch {
    return null;
  }
}

async function intakeCost(context: BenchContext, plan: Plan, on: RunningServer, off: RunningServer, db: pg.Pool) {
  const rows: {
    sender: Sender;
    connections: number;
    on: number;
    off: number;
    walFsyncsPerDelivery: { on: number | null; off: number | null };
    /** CPU ms per delivery: the app server's, PostgreSQL's (all its processes, embedded only). */
    cpuMs: { on: { server: number; postgres: number }; off: { server: number; postgres: number } };
  }[] = [];
  const postgresPid = context.database.serverPid;
  for (const sender of ["crm", "banking"] as Sender[]) {
    for (const connections of plan.connections) {
      const recorders = { on: new LoadRecorder(), off: new LoadRecorder() };
      const pools = { on: new RequestPool(sender, "signed", 60_000), off: new RequestPool(sender, "signed", 60_000) };
      for (const variant of ["on", "off"] as const) {
        await runLoad({
          baseUrl: (variant === "on" ? on : off).baseUrl,
          connections,
          durationSeconds: 2,
          next: pools[variant].next,
          signal: context.signal,
        });
      }
      const fsyncs = { on: 0, off: 0 };
      const cpu = { on: { server: 0, postgres: 0 }, off: { server: 0, postgres: 0 } };
      for (let round = 0; round < plan.rounds; round++) {
        for (const variant of ["on", "off"] as const) {
          if (context.signal.aborted) throw new Error("Interrupted.");
          const server = variant === "on" ? on : off;
          const [fsyncsBefore, serverBefore, postgresBefore] = await Promise.all([
            walFsyncs(db),
            cpuSeconds(server.pid),
            cpuSeconds(postgresPid),
          ]);
          await runLoad(
            {
              baseUrl: (variant === "on" ? on : off).baseUrl,
              connections,
              durationSeconds: plan.roundSeconds,
              next: pools[variant].next,
              signal: context.signal,
            },
            recorders[variant],
          );
          const [fsyncsAfter, serverAfter, postgresAfter] = await Promise.all([
            walFsyncs(db),
            cpuSeconds(server.pid),
            cpuSeconds(postgresPid),
          ]);
          cpu[variant].server += (serverAfter ?? Number.NaN) - (serverBefore ?? Number.NaN);
          cpu[variant].postgres += (postgresAfter ?? Number.NaN) - (postgresBefore ?? Number.NaN);
          fsyncs[variant] += fsyncsBefore === null || fsyncsAfter === null ? Number.NaN : fsyncsAfter - fsyncsBefore;
        }
      }
      const row = {
        sender,
        connections,
        on: recorders.on.summary(connections).requestsPerSecond,
        off: recorders.off.summary(connections).requestsPerSecond,
        cpuMs: {
          on: {
            server: Math.round((cpu.on.server * 1e5) / recorders.on.summary(connections).responses) / 100,
            postgres: Math.round((cpu.on.postgres * 1e5) / recorders.on.summary(connections).responses) / 100,
          },
          off: {
            server: Math.round((cpu.off.server * 1e5) / recorders.off.summary(connections).responses) / 100,
            postgres: Math.round((cpu.off.postgres * 1e5) / recorders.off.summary(connections).responses) / 100,
          },
        },
        walFsyncsPerDelivery: {
          on: Number.isNaN(fsyncs.on) ? null : Math.round((fsyncs.on / recorders.on.summary(connections).responses) * 100) / 100,
          off: Number.isNaN(fsyncs.off) ? null : Math.round((fsyncs.off / recorders.off.summary(connections).responses) * 100) / 100,
        },
      };
      context.say(
        `  ${sender} ${connections} conns: feed on ${row.on} req/s, off ${row.off} req/s (${(row.on / row.off).toFixed(3)}); ` +
          `CPU ms/delivery server ${row.cpuMs.on.server} / ${row.cpuMs.off.server}, PostgreSQL ${row.cpuMs.on.postgres} / ${row.cpuMs.off.postgres}`,
      );
      rows.push(row);
    }
  }
  return rows;
}

async function fanOut(context: BenchContext, plan: Plan, server: RunningServer, cookie: string) {
  /** performance.now() of each delivery's 200 answer, by delivery id. */
  const answered = new Map<string, number>();
  /** Per stream: delivery id → when its event arrived. */
  const heard = Array.from({ length: plan.streams }, () => new Map<string, number>());
  context.say(`  opening ${plan.streams} streams…`);
  const streams = [];
  for (let index = 0; index < plan.streams; index++) {
    const own = heard[index] as Map<string, number>;
    streams.push(
      await openStream(server, cookie, (name, data, at) => {
        if (name !== "change") return;
        const id = (JSON.parse(data) as { delivery: { id: string } }).delivery.id;
        if (!own.has(id)) own.set(id, at);
      }),
    );
  }
  const deadline = Date.now() + 30_000;
  while (streams.some((stream) => !stream.isLive()) && Date.now() < deadline) await sleep(100);

  const pools = {
    crm: new RequestPool("crm", "signed", plan.rate * plan.fanOutSeconds),
    banking: new RequestPool("banking", "signed", plan.rate * plan.fanOutSeconds),
  };
  const failures: string[] = [];
  const { memory } = await withPeakRss(server.pid, async () => {
    const total = plan.rate * plan.fanOutSeconds;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let index = 0; index < total && !context.signal.aborted; index++) {
      const due = started + (index * 1000) / plan.rate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const request = (index % 2 === 0 ? pools.crm : pools.banking).next();
      inFlight.push(
        fetch(`${server.baseUrl}${request.path}`, { method: "POST", headers: request.headers, body: request.body }).then(
          async (response) => {
            const at = performance.now();
            const answer = (await response.json()) as { deliveryId?: string };
            if (response.status === 200 && answer.deliveryId) answered.set(String(answer.deliveryId), at);
            else failures.push(String(response.status));
          },
          (error: Error) => {
            failures.push(error.message);
          },
        ),
      );
    }
    await Promise.all(inFlight);
    // Stragglers: every stream has until then to hear the last deliveries.
    const until = Date.now() + 5_000;
    while (Date.now() < until && heard.some((own) => own.size < answered.size)) await sleep(100);
  });
  for (const { stream } of streams) stream.close();

  const latencies: number[] = [];
  let missed = 0;
  for (const own of heard) {
    for (const [id, answeredAt] of answered) {
      const at = own.get(id);
      if (at === undefined) missed++;
      else latencies.push(at - answeredAt);
    }
  }
  latencies.sort((a, b) => a - b);
  return {
    streams: plan.streams,
    rate: plan.rate,
    seconds: plan.fanOutSeconds,
    deliveriesAnswered: answered.size,
    failedDeliveries: failures.length,
    eventsExpected: answered.size * plan.streams,
    eventsMissed: missed,
    latencyMs: {
      p50: round1(percentile(latencies, 50)),
      p95: round1(percentile(latencies, 95)),
      p99: round1(percentile(latencies, 99)),
      max: round1(latencies.at(-1) ?? Number.NaN),
      min: round1(latencies[0] ?? Number.NaN),
    },
    serverRssMiB: { beforeLoad: memory.beforeMiB, peak: memory.peakMiB },
  };
}

export const liveSection: BenchSection = {
  name: "live",
  async run(context: BenchContext): Promise<SectionReport> {
    const plan = PLANS[context.quick ? "quick" : "full"];
    const session = await benchSession(context.database.url, await context.app());
    const db = new pg.Pool({ connectionString: context.database.url, max: 2 });
    let on: RunningServer | undefined;
    let off: RunningServer | undefined;
    try {
      context.say("  starting two app instances: change feed on (streams allowed per user: 1000) and LIVE_FEED=off…");
      [on, off] = await Promise.all([
        startAppServer(context.database.url, {
          port: BENCH_PORT + 3,
          name: "live-on",
          env: { LIVE_FEED: "on", LIVE_STREAMS_PER_USER: "1000" },
        }),
        startAppServer(context.database.url, { port: BENCH_PORT + 4, name: "live-off", env: { LIVE_FEED: "off" } }),
      ]);
      const listener = await openStream(on, session.cookie);
      const intake = await intakeCost(context, plan, on, off, db);
      listener.stream.close();
      const fan = await fanOut(context, plan, on, session.cookie);
      context.say(
        `  fan-out: ${fan.streams} streams, ${fan.deliveriesAnswered} deliveries at ${fan.rate}/s: p95 ${fan.latencyMs.p95} ms, ` +
          `missed ${fan.eventsMissed} of ${fan.eventsExpected}, server RSS peak ${fan.serverRssMiB.peak} MiB`,
      );

      const tables: Table[] = [
        {
          title: "Live console — what publishing costs the intake (signed deliveries, two fresh instances taking turns)",
          columns: [
            "sender",
            "connections",
            "feed on req/s",
            "LIVE_FEED=off req/s",
            "on / off",
            "server CPU ms/delivery (on / off)",
            "PostgreSQL CPU ms/delivery (on / off)",
            "WAL fsyncs per delivery (on / off)",
          ],
          rows: intake.map((row) => [
            row.sender,
            row.connections,
            row.on,
            row.off,
            Number((row.on / row.off).toFixed(3)),
            `${row.cpuMs.on.server} / ${row.cpuMs.off.server}`,
            `${row.cpuMs.on.postgres} / ${row.cpuMs.off.postgres}`,
            `${row.walFsyncsPerDelivery.on ?? "–"} / ${row.walFsyncsPerDelivery.off ?? "–"}`,
          ]),
        },
        {
          title: `Live console — fan-out: ${fan.streams} streams on one instance, deliveries at ${fan.rate}/s for ${fan.seconds} s`,
          columns: ["what", "value"],
          rows: [
            ["deliveries answered 200 (failed)", `${fan.deliveriesAnswered} (${fan.failedDeliveries})`],
            ["events expected / missed", `${fan.eventsExpected} / ${fan.eventsMissed}`],
            [
              "200 answer → event at a stream, ms p50 / p95 / p99 / max",
              `${fan.latencyMs.p50} / ${fan.latencyMs.p95} / ${fan.latencyMs.p99} / ${fan.latencyMs.max}`,
            ],
            ["  (min: negative when the event beat the answer to the sender)", fan.latencyMs.min],
            ["server RSS with the streams open, MiB (before load / peak)", `${fan.serverRssMiB.beforeLoad} / ${fan.serverRssMiB.peak}`],
          ],
          notes: ["Streams and the sender run in the benchmark's own process: its event loop is part of the measured time."],
        },
      ];
      const worst = Math.min(...intake.map((row) => row.on / row.off));
      const targets: TargetVerdict[] = [
        { target: "intake with the feed on ≥ 0.95 × feed off", met: worst >= 0.95, detail: `worst ratio ${worst.toFixed(3)}` },
        {
          target: `fan-out p95 < 250 ms (${fan.streams} streams, ${fan.rate}/s)`,
          met: fan.latencyMs.p95 < 250,
          detail: `p95 ${fan.latencyMs.p95} ms, p99 ${fan.latencyMs.p99} ms`,
        },
        {
          target: "fan-out drops nothing",
          met: fan.eventsMissed === 0 && fan.failedDeliveries === 0,
          detail: `${fan.eventsMissed} events missed, ${fan.failedDeliveries} deliveries failed`,
        },
      ];
      return { tables, data: { intake, fanOut: fan }, targets };
    } finally {
      await Promise.all([on?.stop(), off?.stop()]);
      await restoreDatasetAndClose(db, context.dataset());
    }
  },
};
