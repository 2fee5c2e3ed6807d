// Section "alerts": what the rules cost on the data set, and how fast a notification leaves.
//   1. Evaluation: every shipped rule, with its default thresholds, evaluated by this process
//      against the data set's million exchanges (the same function the app's evaluator runs) — the
//      first run opens whatever alerts hold, the next ones are the steady state every period pays.
//   2. Notification latency: a channel (a local HTTP receiver) routed to "exchange failed or
//      rejected", Failed callbacks sent to the running app at a steady pace; for each, the time
//      from the webhook's 200 answer to the notification reaching the receiver.
// Everything it adds (alerts, channels, notifications) is removed afterwards.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { signedHeaders } from "@/tooling/testing/webhook-requests";
import { benchSecrets } from "./catalogue";
import { restoreDatasetAndClose } from "./generate";
import type { BenchContext, BenchSection, SectionReport, TargetVerdict } from "./sections";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

async function clearAlerts(db: pg.Pool): Promise<void> {
  await db.query("TRUNCATE notification_attempt, notification, alert_event, alert, alert_channel RESTART IDENTITY CASCADE");
  await db.query("UPDATE alert_rule SET channel_ids = '{}'");
}

export const alertsSection: BenchSection = {
  name: "alerts",
  async run(context: BenchContext): Promise<SectionReport> {
    const runs = context.quick ? 2 : 4;
    const app = await context.app();
    process.env.DATABASE_URL = context.database.url;
    const { evaluateAlerts } = await import("@/lib/alerts/evaluate");
    const db = new pg.Pool({ connectionString: context.database.url, max: 2 });
    const received = new Map<string, number>();
    const receiver = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        const at = performance.now();
        const exchange = /Exchange #(\d+)/.exec(Buffer.concat(chunks).toString("utf8"))?.[1];
        if (exchange && !received.has(exchange)) received.set(exchange, at);
        response.writeHead(200).end("ok");
      });
    });
    try {
      await clearAlerts(db);
      const exchanges = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM exchange")).rows[0]?.n);
      context.say(`  evaluating every rule against ${exchanges.toLocaleString("en-US")} exchanges, ${runs} times…`);
      const evaluations: { run: number; ms: number; fired: number; perRule: Record<string, number> }[] = [];
      for (let run = 1; run <= runs; run++) {
        const started = performance.now();
        const results = await evaluateAlerts(new Date());
        evaluations.push({
          run,
          ms: Math.round(performance.now() - started),
          fired: results.reduce((sum, result) => sum + result.fired, 0),
          perRule: Object.fromEntries(results.map((result) => [result.rule, result.ms])),
        });
        context.say(`    run ${run}: ${evaluations.at(-1)?.ms} ms, ${evaluations.at(-1)?.fired} alerts opened`);
      }

      await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
      const channel = await db.query<{ id: string }>(
        "INSERT INTO alert_channel (kind, name, target) VALUES ('slack', 'bench receiver', $1) RETURNING id",
        [`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bench`],
      );
      await db.query("UPDATE alert_rule SET channel_ids = ARRAY[$1::bigint] WHERE id = 'exchange-failed'", [channel.rows[0]?.id]);
      const count = context.quick ? 20 : 60;
      const answered = new Map<string, number>();
      context.say(`  sending ${count} Failed callbacks, 5 per second, and timing their notifications…`);
      for (let n = 0; n < count; n++) {
        const exchangeId = String(1_950_000_000 + n);
        const body = JSON.stringify(
          exchangeCallbackPayload({ callbackId: `bench-alert-${Date.now()}-${n}`, exchangeId: Number(exchangeId), status: "Failed" }),
        );
        const response = await fetch(`${app.baseUrl}/api/webhooks/banking`, {
          method: "POST",
          headers: signedHeaders("banking", body, benchSecrets.banking),
          body,
        });
        if (response.ok) answered.set(exchangeId, performance.now());
        await response.body?.cancel();
        await sleep(200);
      }
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && [...answered.keys()].some((id) => !received.has(id))) await sleep(100);
      const latencies = [...answered.entries()]
        .filter(([id]) => received.has(id))
        .map(([id, at]) => (received.get(id) as number) - at)
        .sort((a, b) => a - b);
      const latency = {
        notified: latencies.length,
        sent: answered.size,
        p50: Math.round(percentile(latencies, 50)),
        p95: Math.round(percentile(latencies, 95)),
        max: Math.round(latencies.at(-1) ?? Number.NaN),
      };
      context.say(`  notification latency: p50 ${latency.p50} ms, p95 ${latency.p95} ms, ${latency.notified} of ${latency.sent} notified`);
      const steady = evaluations.slice(1);
      const steadyMedian = steady.map((run) => run.ms).sort((a, b) => a - b)[Math.floor(steady.length / 2)] ?? Number.NaN;
      const targets: TargetVerdict[] = [
        {
          target: "every Failed callback's notification reaches the receiver",
          met: latency.notified === latency.sent && latency.sent === count,
          detail: `${latency.notified} of ${latency.sent} (${count} sent)`,
        },
        {
          target: "an evaluation of every rule fits in its period (30 s)",
          met: Math.max(...evaluations.map((run) => run.ms)) < 30_000,
          detail: `first ${evaluations[0]?.ms} ms, then median ${steadyMedian} ms`,
        },
      ];
      return {
        tables: [
          {
            title: `Alerts — evaluating every rule (default thresholds) against ${exchanges.toLocaleString("en-US")} exchanges`,
            columns: ["run", "ms", "alerts opened", ...Object.keys(evaluations[0]?.perRule ?? {}).map((rule) => `${rule} ms`)],
            rows: evaluations.map((run) => [run.run, run.ms, run.fired, ...Object.values(run.perRule)]),
            notes: ["Run 1 opens every alert that holds (and writes its history); later runs are what each period costs."],
          },
          {
            title: "Alerts — notification latency: webhook 200 → Slack-compatible receiver (rule 'exchange failed', event-driven)",
            columns: ["notified / sent", "p50 ms", "p95 ms", "max ms"],
            rows: [[`${latency.notified} / ${latency.sent}`, latency.p50, latency.p95, latency.max]],
            notes: ["Includes the evaluator's reaction delay (500 ms after the change feed reports the commit) and its dispatch."],
          },
        ],
        data: { exchanges, evaluations, latency },
        targets,
      };
    } finally {
      receiver.close();
      await clearAlerts(db).catch(() => undefined);
      await restoreDatasetAndClose(db, context.dataset());
    }
  },
};
