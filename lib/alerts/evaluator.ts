import "server-only";
import os from "node:os";
import pg from "pg";
import { db } from "@/lib/db/client";
import { parseEnv } from "@/lib/env.mjs";
import { changeFeed } from "@/lib/live/change-feed";
import type { LiveChange } from "@/lib/live/live-change";
import { log } from "@/lib/log";
import { dispatchNotifications } from "./dispatch";
import { evaluateAlerts } from "./evaluate";
import type { RuleId } from "./rules";

// One evaluator at a time, however many instances run: each instance tries for a PostgreSQL
// advisory lock on a connection of its own; the one holding it evaluates every period, reacts to
// deliveries within a second (through the live console's change feed) and sends the outbox. When
// that instance dies its connection closes, the lock is free, and another takes it at its next
// try — within one period.

const LOCK_KEY = "webhook-ops.alerts.evaluator";
const DISPATCH_EVERY_MS = 5_000;
const EVENT_DELAY_MS = 500;

/** The event rules a committed change concerns: most deliveries concern none. */
function rulesConcerned(data: string): RuleId[] {
  // Runs for every delivery on the leading instance: most concern no event rule, and are not parsed.
  if (!/"(Failed|Rejected|quarantined|dismissed)"/.test(data)) return [];
  let change: LiveChange;
  try {
    change = JSON.parse(data) as LiveChange;
  } catch {
    return [];
  }
  const rules: RuleId[] = [];
  if (change.exchange && (change.exchange.status === "Failed" || change.exchange.status === "Rejected")) rules.push("exchange-failed");
  if (change.delivery.outcome === "quarantined" || change.delivery.outcome === "dismissed") rules.push("quarantine");
  return rules;
}

export class AlertsEvaluator {
  readonly name = `${os.hostname()}:${process.pid}`;
  private lockClient: pg.Client | undefined;
  private leading = false;
  private stopped = false;
  /** Evaluations, one at a time. */
  private busy: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  /** Event rules waiting for their run; at most one such run is ever queued. */
  private readonly eventRules = new Set<RuleId>();
  private eventQueued = false;
  /** Sending runs beside evaluating: a slow channel never holds up the rules. */
  private dispatching: Promise<void> | undefined;
  private unsubscribe = () => {};

  constructor(
    private readonly databaseUrl: () => string | undefined,
    private readonly periodMs: number,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    const evaluate = setInterval(() => this.enqueue(() => this.period()), this.periodMs);
    const dispatch = setInterval(() => this.dispatch(), DISPATCH_EVERY_MS);
    evaluate.unref();
    dispatch.unref();
    this.timers.push(evaluate, dispatch);
    this.unsubscribe = changeFeed().subscribe((event) => {
      if (event.kind !== "change" || !this.leading) return;
      for (const rule of rulesConcerned(event.data)) this.eventRules.add(rule);
      if (this.eventRules.size === 0 || this.eventQueued) return;
      this.eventQueued = true;
      const timer = setTimeout(
        () =>
          this.enqueue(async () => {
            // What arrived until this run starts is part of it.
            this.eventQueued = false;
            const rules = [...this.eventRules];
            this.eventRules.clear();
            await this.run(rules);
          }),
        EVENT_DELAY_MS,
      );
      timer.unref();
    });
    this.enqueue(() => this.period());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe();
    await Promise.all([this.busy.catch(() => undefined), this.dispatching?.catch(() => undefined)]);
    this.leading = false;
    await this.lockClient?.end().catch(() => undefined);
  }

  /** One evaluation at a time: a period's and an event's never overlap. */
  private enqueue(work: () => Promise<void>): void {
    this.busy = this.busy.then(async () => {
      if (this.stopped) return;
      try {
        await work();
      } catch (error) {
        log.warn({ err: (error as Error).message }, "alert evaluation failed; trying again next period");
      }
    });
  }

  private async period(): Promise<void> {
    if (!(await this.lead())) return;
    await this.run();
  }

  private async lead(): Promise<boolean> {
    if (this.leading && this.lockClient) {
      // A connection that died silently still "holds" the lock here while PostgreSQL has freed it.
      try {
        await this.lockClient.query("SELECT 1");
        return true;
      } catch {
        this.leading = false;
        await this.lockClient?.end().catch(() => undefined);
        this.lockClient = undefined;
      }
    }
    const url = this.databaseUrl();
    if (!url) return false;
    const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000, query_timeout: 10_000 });
    const lost = () => {
      if (this.lockClient !== client) return;
      this.lockClient = undefined;
      if (this.leading) log.warn({ evaluator: this.name }, "the alert evaluator lost its lock connection; another instance may take over");
      this.leading = false;
    };
    client.on("error", lost);
    client.on("end", lost);
    try {
      await client.connect();
      const result = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [LOCK_KEY]);
      if (!result.rows[0]?.locked) {
        await client.end();
        return false;
      }
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
    this.lockClient = client;
    this.leading = true;
    log.info({ evaluator: this.name }, "this instance evaluates the alert rules");
    return true;
  }

  private async run(only?: RuleId[]): Promise<void> {
    if (!this.leading) return;
    const started = new Date();
    let error: string | null = null;
    try {
      const results = await evaluateAlerts(started, only);
      const failed = results.filter((result) => result.error);
      if (failed.length > 0)
        error = failed
          .map((result) => `${result.rule}: ${result.error}`)
          .join("; ")
          .slice(0, 500);
    } finally {
      if (!only)
        await db()
          .alertEvaluation.upsert({
            where: { id: 1 },
            create: {
              id: 1,
              leader: this.name,
              startedAt: started,
              finishedAt: new Date(),
              durationMs: Date.now() - started.getTime(),
              error,
            },
            update: { leader: this.name, startedAt: started, finishedAt: new Date(), durationMs: Date.now() - started.getTime(), error },
          })
          .catch(() => undefined);
    }
    this.dispatch();
  }

  /** Sends what is due, unless a send is under way already (it picks up what is new when it loops). */
  private dispatch(): void {
    if (!this.leading || this.dispatching || this.stopped) return;
    this.dispatching = (async () => {
      try {
        for (let round = 0; round < 10 && this.leading && !this.stopped; round++) {
          const report = await dispatchNotifications(new Date());
          if (report.attempts.length === 0) break;
        }
      } catch (error) {
        log.warn({ err: (error as Error).message }, "alert notifications could not be sent; trying again shortly");
      } finally {
        this.dispatching = undefined;
      }
    })();
  }
}

const EVALUATOR = Symbol.for("webhook-ops.alerts-evaluator");

/** Starts this process's evaluator (once); called at server start (instrumentation.ts). */
export function startAlertsEvaluator(): AlertsEvaluator | undefined {
  const holder = globalThis as unknown as Record<symbol, AlertsEvaluator | undefined>;
  if (holder[EVALUATOR]) return holder[EVALUATOR];
  const settings = parseEnv(process.env);
  if (settings.ALERTS === "off") return undefined;
  const evaluator = new AlertsEvaluator(() => parseEnv(process.env).DATABASE_URL, settings.ALERTS_EVALUATION_SECONDS * 1000);
  holder[EVALUATOR] = evaluator;
  evaluator.start();
  return evaluator;
}
