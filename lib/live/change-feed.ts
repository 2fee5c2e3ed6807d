import "server-only";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { parseEnv } from "@/lib/env.mjs";
import { log } from "@/lib/log";
import { LIVE_CHANNEL } from "./announce";
import type { LiveFeedState } from "./live-change";
import { sseEvent } from "./sse";

/**
 * What an instance's change feed hands its streams. Changes and gaps are numbered in the order
 * PostgreSQL delivered them (its commit order) as `<boot>:<n>`, so a browser that reconnects to
 * the same instance within the replay window gets exactly what it missed; a gap (the LISTEN
 * connection was lost, so notifications may have been missed) tells browsers to refetch.
 */
export type FeedEvent =
  /** `data`: the LiveChange as the database wrote it (one line of JSON); `message`: the SSE event, encoded once for every stream. */
  | { kind: "change"; id: string; data: string; message: Uint8Array }
  /** Alerts opened or changed state (lib/alerts): pages showing alerts look again. */
  | { kind: "alerts"; id: string; data: string; message: Uint8Array }
  | { kind: "gap"; id: string }
  | { kind: "state"; state: LiveFeedState }
  | { kind: "sessions-ended"; sessionIds: string[] };

type Numbered = Extract<FeedEvent, { id: string }> & { n: number; at: number };

const REPLAY_EVENTS = 5_000;
const REPLAY_MS = 10 * 60_000;
const PING_MS = 10_000;
const MAX_BACKOFF_MS = 10_000;

/** Where a browser stands: replay these, refetch (too old, or another instance's position), or nothing to do. */
export type Resume = { kind: "replay"; events: FeedEvent[] } | { kind: "refetch" };

/**
 * One LISTEN connection per process, fanned out to every live stream of this instance. Reconnects
 * with backoff; while it is down, streams are told so, and once it is back they refetch.
 */
export class ChangeFeed {
  readonly boot = randomBytes(4).toString("hex");
  private n = 0;
  private ring: Numbered[] = [];
  private readonly listeners = new Set<(event: FeedEvent) => void>();
  private client: pg.Client | undefined;
  private started = false;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  state: LiveFeedState = "connecting";

  constructor(private readonly databaseUrl: () => string | undefined) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.connect();
  }

  /** The position of the newest event: a page rendered now passes it to its stream (and the feed starts listening). */
  position(): string {
    this.start();
    return `${this.boot}:${this.n}`;
  }

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.start();
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What a browser at `lastEventId` has missed. */
  resume(lastEventId: string | null): Resume {
    if (!lastEventId) return { kind: "replay", events: [] };
    const match = /^([0-9a-f]{8}):(\d{1,15})$/.exec(lastEventId);
    const seen = match ? Number(match[2]) : Number.NaN;
    if (!match || match[1] !== this.boot || seen > this.n) return { kind: "refetch" };
    this.trim();
    const oldest = this.ring[0]?.n ?? this.n + 1;
    if (seen < oldest - 1) return { kind: "refetch" };
    return { kind: "replay", events: this.ring.filter((event) => event.n > seen) };
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    void this.client?.end().catch(() => undefined);
  }

  private publish(event: FeedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        log.warn({ err: (error as Error).message }, "a live stream failed to take an event");
      }
    }
  }

  private number(event: { kind: "change" | "alerts"; data: string } | { kind: "gap" }): Numbered {
    this.n += 1;
    const id = `${this.boot}:${this.n}`;
    const numbered = (
      event.kind === "gap"
        ? { ...event, id, n: this.n, at: Date.now() }
        : { ...event, id, n: this.n, at: Date.now(), message: sseEvent(event.kind, event.data, id) }
    ) as Numbered;
    this.ring.push(numbered);
    if (this.ring.length > REPLAY_EVENTS * 1.2) this.trim();
    return numbered;
  }

  private trim(): void {
    const cutoff = Date.now() - REPLAY_MS;
    let drop = Math.max(0, this.ring.length - REPLAY_EVENTS);
    while (drop < this.ring.length && (this.ring[drop] as Numbered).at < cutoff) drop += 1;
    if (drop > 0) this.ring = this.ring.slice(drop);
  }

  private setState(state: LiveFeedState): void {
    if (this.state === state) return;
    this.state = state;
    this.publish({ kind: "state", state });
  }

  private onNotification(payload: string | undefined): void {
    if (!payload) return;
    // The common case, read without parsing: a change as the intake's SQL wrote it, which is one
    // line of JSON (json_build_object escapes control characters). Each instance hears every
    // delivery, so this runs beside the intake on every one of them.
    if (payload.startsWith('{"delivery"') && !/[\r\n]/.test(payload)) {
      this.publish(this.number({ kind: "change", data: payload }));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      return;
    }
    if (typeof parsed !== "object" || parsed === null) return;
    const message = parsed as Record<string, unknown>;
    if (Array.isArray(message.sessionsEnded)) {
      this.publish({ kind: "sessions-ended", sessionIds: message.sessionsEnded.filter((id): id is string => typeof id === "string") });
      return;
    }
    if (typeof message.alerts === "object" && message.alerts !== null) {
      this.publish(this.number({ kind: "alerts", data: JSON.stringify(message.alerts) }));
      return;
    }
    if (typeof message.delivery !== "object" || message.delivery === null) return;
    this.publish(this.number({ kind: "change", data: JSON.stringify(message) }));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const url = this.databaseUrl();
    if (!url) {
      this.scheduleReconnect();
      return;
    }
    const client = new pg.Client({ connectionString: url, keepAlive: true, connectionTimeoutMillis: 5_000 });
    let lost = false;
    const onLost = (reason: string) => {
      if (lost) return;
      lost = true;
      clearInterval(this.pingTimer);
      if (this.client === client) this.client = undefined;
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      log.warn({ reason }, "the live change feed lost its database connection; reconnecting");
      this.setState("down");
      this.scheduleReconnect();
    };
    client.on("notification", (message) => {
      if (message.channel === LIVE_CHANNEL) this.onNotification(message.payload);
    });
    client.on("error", (error) => onLost(error.message));
    client.on("end", () => onLost("connection ended"));
    try {
      await client.connect();
      await client.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      onLost((error as Error).message);
      return;
    }
    if (this.stopped) {
      void client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.attempt = 0;
    // Whatever was committed while nobody listened is unknown: every browser refetches.
    this.publish(this.number({ kind: "gap" }));
    this.setState("live");
    // A connection that died without a word (a firewall, a frozen server) is found by pinging it.
    this.pingTimer = setInterval(() => {
      const timeout = setTimeout(() => onLost("no answer to a ping"), PING_MS / 2);
      client.query("SELECT 1").then(
        () => clearTimeout(timeout),
        (error: Error) => {
          clearTimeout(timeout);
          onLost(error.message);
        },
      );
    }, PING_MS);
    this.pingTimer.unref();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const base = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.attempt);
    this.attempt += 1;
    const delay = base / 2 + Math.random() * (base / 2);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }
}

// One per process, on globalThis: Next.js may load this module once per bundle layer.
const FEED = Symbol.for("webhook-ops.change-feed");

export function changeFeed(): ChangeFeed {
  const holder = globalThis as unknown as Record<symbol, ChangeFeed | undefined>;
  holder[FEED] ??= new ChangeFeed(() => {
    const settings = parseEnv(process.env);
    return settings.LIVE_FEED_DATABASE_URL ?? settings.DATABASE_URL;
  });
  return holder[FEED];
}
