import "server-only";
import os from "node:os";
import pg from "pg";
import { db } from "@/lib/db/client";
import { parseEnv } from "@/lib/env.mjs";
import { changeFeed } from "@/lib/live/change-feed";
import { log } from "@/lib/log";
import { dispatchNotifications } from "./dispatch";
import { evaluateAlerts } from "./evaluate";
import { RULES, type RuleId } from "./rules";

// One evaluator at a time, however many instances run: each instance tries for a PostgreSQL
// advisory lock on a connection of its own; the one holding it evaluates every period, reacts to
// deliveries within a second (through the live console's change feed) and sends the outbox. When
// that instance dies its connection closes, the lock is free, and another takes it at its next
// try — within one period.

const LOCK_KEY = "webhook-ops.alerts.evaluator";
const DISPATCH_EVERY_MS = 5_000;
const EVENT_DELAY_MS = 500;
const EVENT_RULES = RULES.filter((rule) => rule.eventDriven).map((rule) => rule.id) as RuleId[];

export class AlertsEvaluator {
  readonly name = `${os.hostname()}:${process.pid}`;
  private lockClient: pg.Client | undefined;
  private leading = false;
  private stopped = false;
  private busy: Promise<void> = Promise.resolve();
  private timers: NodeJS.Timeout[] = [];
  private eventTimer: NodeJS.Timeout | undefined;
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
    const dispatch = setInterval(() => this.enqueue(() => this.dispatch()), DISPATCH_EVERY_MS);
    evaluate.unref();
    dispatch.unref();
    this.timers.push(evaluate, dispatch);
    this.unsubscribe = changeFeed().subscribe((event) => {
      if (event.kind !== "change" || !this.leading || this.eventTimer) return;
      this.eventTimer = setTimeout(() => {
        this.eventTimer = undefined;
        this.enqueue(() => this.run(EVENT_RULES));
      }, EVENT_DELAY_MS);
    });
    this.enqueue(() => this.period());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.eventTimer);
    this.unsubscribe();
    await this.busy.catch(() => undefined);
    this.leading = false;
    await this.lockClient?.end().catch(() => undefined);
  }

  /** One thing at a time: an evaluation never overlaps another or a dispatch. */
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
    if (this.leading) return true;
    const url = this.databaseUrl();
    if (!url) return false;
    const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000 });
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
      await evaluateAlerts(started, only);
    } catch (failure) {
      error = (failure as Error).message.slice(0, 500);
      throw failure;
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
    await this.dispatch();
  }

  private async dispatch(): Promise<void> {
    if (!this.leading) return;
    for (let round = 0; round < 10; round++) {
      const report = await dispatchNotifications(new Date());
      if (report.attempts.length === 0) break;
    }
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
