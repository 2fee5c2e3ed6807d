import "server-only";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { RULES } from "@/lib/alerts/rules";
import { db, dbPool } from "@/lib/db/client";

// The signals the alerts watch, for monitoring systems too (GET /api/metrics, Prometheus text
// format). Counters of what this instance did (deliveries, refusals, intake latency); gauges read
// from the database at scrape time (exchanges by status, firing alerts by rule, notification
// attempts by channel and result — the same for every instance); this instance's pool usage.

export interface AppMetrics {
  registry: Registry;
  deliveries: Counter<"sender" | "outcome">;
  refused: Counter<"sender" | "reason">;
  intakeSeconds: Histogram<"sender">;
}

/** A gauge read from the database is left empty when the database cannot answer: the rest of the scrape (process, pool) matters most then. */
async function fromDatabase<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read();
  } catch {
    return [];
  }
}

function create(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: "webhook_deliveries_total",
    help: "Webhook deliveries answered by this instance, by sender and outcome (projected, stored_unprojected, duplicate, quarantined, unavailable, error).",
    labelNames: ["sender", "outcome"] as const,
    registers: [registry],
  });
  const refused = new Counter({
    name: "webhook_refused_total",
    help: "Webhook requests refused for their signature by this instance, by sender and reason.",
    labelNames: ["sender", "reason"] as const,
    registers: [registry],
  });
  const intakeSeconds = new Histogram({
    name: "webhook_intake_duration_seconds",
    help: "Time from a verified delivery's arrival to its answer (stored and committed), by sender.",
    labelNames: ["sender"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: "exchanges",
    help: "Exchanges by current status (read from the database at scrape time).",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await fromDatabase(
        () => db().$queryRaw<{ status: string; n: number }[]>`SELECT status, count(*)::int AS n FROM exchange GROUP BY status`,
      );
      for (const row of rows) this.set({ status: row.status }, row.n);
    },
  });
  new Gauge({
    name: "alerts_firing",
    help: "Alerts firing (not yet acknowledged) by rule.",
    labelNames: ["rule"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await fromDatabase(
        () => db().$queryRaw<{ rule: string; n: number }[]>`
        SELECT rule_id AS rule, count(*)::int AS n FROM alert WHERE state = 'firing' GROUP BY rule_id`,
      );
      const firing = new Map(rows.map((row) => [row.rule, row.n]));
      for (const rule of RULES) this.set({ rule: rule.id }, firing.get(rule.id) ?? 0);
    },
  });
  new Gauge({
    name: "alert_notification_attempts",
    help: "Alert notification attempts recorded, by channel kind and result (ok, failed).",
    labelNames: ["channel", "result"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await fromDatabase(
        () => db().$queryRaw<{ channel: string; ok: boolean; n: number }[]>`
        SELECT c.kind::text AS channel, a.ok, count(*)::int AS n
        FROM notification_attempt a JOIN notification n ON n.id = a.notification_id JOIN alert_channel c ON c.id = n.channel_id
        GROUP BY 1, 2`,
      );
      for (const row of rows) this.set({ channel: row.channel, result: row.ok ? "ok" : "failed" }, row.n);
    },
  });
  new Gauge({
    name: "db_pool_connections",
    help: "This instance's database pool: connections open in all, idle, and requests waiting for one.",
    labelNames: ["state"] as const,
    registers: [registry],
    collect() {
      const pool = dbPool();
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  return { registry, deliveries, refused, intakeSeconds };
}

const METRICS = Symbol.for("webhook-ops.metrics");

export function appMetrics(): AppMetrics {
  const holder = globalThis as unknown as Record<symbol, AppMetrics | undefined>;
  holder[METRICS] ??= create();
  return holder[METRICS];
}
