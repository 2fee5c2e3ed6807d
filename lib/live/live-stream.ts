import "server-only";
import { authorize, type StaffSession, sessionEndsAt, sessionOpenUntil } from "@/lib/auth/staff-session";
import { env } from "@/lib/env.mjs";
import { log } from "@/lib/log";
import { changeFeed, type FeedEvent } from "./change-feed";
import type { LiveEndReason } from "./live-change";
import { sseEvent, sseEventText, sseLine } from "./sse";

// The live console's Server-Sent Events stream (GET /api/live). Events:
//   change  (numbered) a LiveChange            refetch (numbered) something may have been missed
//   alerts  (numbered) alerts opened or changed state
//   feed    {state: connecting|live|down}      ended   {reason} the server closes the stream
//   refused {reason, limit}: too many streams; the browser retries after the `retry` interval
// A browser resumes with Last-Event-ID (EventSource sends it by itself) or `?since=` (the position
// its page was rendered at).

const SESSION_CHECK_MS = 30_000;
/** A browser that stops reading is cut off rather than buffered without end; it resumes on reconnect. */
const MAX_QUEUED_BYTES = 1024 * 1024;
const RECONNECT_MS = 2_000;
const REFUSED_RETRY_MS = 60_000;

export const LIVE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  // no-transform: keeps Next.js's compression (and any proxy) from buffering the stream.
  "Cache-Control": "no-cache, no-store, no-transform",
  "X-Accel-Buffering": "no",
} as const;

interface OpenStream {
  userId: string;
  sessionId: string;
  end: (reason: LiveEndReason) => void;
}

/** Every open stream of this process: for the caps, and to end them all when the server stops. */
class StreamRegistry {
  readonly all = new Set<OpenStream>();
  private readonly byUser = new Map<string, Set<OpenStream>>();

  add(stream: OpenStream): void {
    this.all.add(stream);
    const own = this.byUser.get(stream.userId) ?? new Set();
    own.add(stream);
    this.byUser.set(stream.userId, own);
  }

  remove(stream: OpenStream): void {
    this.all.delete(stream);
    const own = this.byUser.get(stream.userId);
    own?.delete(stream);
    if (own?.size === 0) this.byUser.delete(stream.userId);
  }

  countOf(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  /** Called by the web server (scripts/web-server.mjs) before it stops: shutdown does not wait for streams. */
  endAll(reason: LiveEndReason): number {
    const streams = [...this.all];
    for (const stream of streams) stream.end(reason);
    return streams.length;
  }
}

const REGISTRY = Symbol.for("webhook-ops.live-streams");
export function liveStreams(): StreamRegistry {
  const holder = globalThis as unknown as Record<symbol, StreamRegistry | undefined>;
  holder[REGISTRY] ??= new StreamRegistry();
  return holder[REGISTRY];
}

const message = (event: string, data: unknown, id?: string) => sseEvent(event, JSON.stringify(data), id);

function refusal(reason: "too-many-streams-for-user" | "too-many-streams-on-server", limit: number): Response {
  // 200 so that EventSource reads the reason and retries later; a 429 would only make it give up silently.
  const body = `retry: ${REFUSED_RETRY_MS}\n\n${sseEventText("refused", JSON.stringify({ reason, limit }))}`;
  return new Response(body, { headers: LIVE_HEADERS });
}

/** The stream for one browser tab of a verified staff member. */
export function openLiveStream(staff: StaffSession, request: Request): Response {
  authorize(staff);
  const settings = env();
  const registry = liveStreams();
  if (registry.all.size >= settings.LIVE_STREAMS_PER_INSTANCE)
    return refusal("too-many-streams-on-server", settings.LIVE_STREAMS_PER_INSTANCE);
  if (registry.countOf(staff.user.id) >= settings.LIVE_STREAMS_PER_USER)
    return refusal("too-many-streams-for-user", settings.LIVE_STREAMS_PER_USER);

  const feed = changeFeed();
  const lastEventId = request.headers.get("last-event-id") || new URL(request.url).searchParams.get("since");
  let heartbeat: NodeJS.Timeout | undefined;
  let sessionTimer: NodeJS.Timeout | undefined;
  let unsubscribe = () => {};
  let closed = false;
  let controllerRef: ReadableStreamDefaultController<Uint8Array> | undefined;

  const cleanUp = () => {
    if (closed) return;
    closed = true;
    unsubscribe();
    clearInterval(heartbeat);
    clearTimeout(sessionTimer);
    registry.remove(stream);
  };
  const send = (chunk: Uint8Array) => {
    const controller = controllerRef;
    if (closed || !controller) return;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_BYTES) {
      stream.end("too-slow");
      return;
    }
    controller.enqueue(chunk);
  };
  const stream: OpenStream = {
    userId: staff.user.id,
    sessionId: staff.session.id,
    end: (reason) => {
      const controller = controllerRef;
      if (closed || !controller) return cleanUp();
      // A stream cut off for being slow or by a restart comes back soon; a signed-out one stays closed.
      const retry = reason === "signed-out" ? REFUSED_RETRY_MS : RECONNECT_MS;
      controller.enqueue(sseLine(`retry: ${retry}`));
      controller.enqueue(message("ended", { reason }));
      cleanUp();
      controller.close();
    },
  };

  const onEvent = (event: FeedEvent) => {
    if (event.kind === "change" || event.kind === "alerts") send(event.message);
    else if (event.kind === "gap") send(message("refetch", {}, event.id));
    else if (event.kind === "state") send(message("feed", { state: event.state }));
    else if (event.kind === "sessions-ended" && event.sessionIds.includes(stream.sessionId)) stream.end("signed-out");
  };

  const checkSession = async () => {
    if (closed) return;
    let until: Date | null;
    try {
      until = await sessionOpenUntil(staff);
    } catch (error) {
      // The database is unreachable: the feed reports that; the check runs again later.
      log.debug({ err: (error as Error).message }, "live stream session check failed");
      sessionTimer = setTimeout(() => void checkSession(), SESSION_CHECK_MS);
      return;
    }
    if (!until) return stream.end("signed-out");
    if (!closed)
      sessionTimer = setTimeout(() => void checkSession(), Math.min(SESSION_CHECK_MS, Math.max(0, until.getTime() - Date.now()) + 50));
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controllerRef = controller;
        registry.add(stream);
        controller.enqueue(sseLine(`retry: ${RECONNECT_MS}`));
        controller.enqueue(message("feed", { state: feed.state }));
        // Subscribing and reading the replay in one turn of the event loop: nothing falls between.
        unsubscribe = feed.subscribe(onEvent);
        const resume = feed.resume(lastEventId);
        if (resume.kind === "refetch") controller.enqueue(message("refetch", {}, feed.position()));
        else for (const event of resume.events) onEvent(event);
        heartbeat = setInterval(() => send(sseLine(": heartbeat")), settings.LIVE_HEARTBEAT_SECONDS * 1000);
        const ends = sessionEndsAt(staff.session);
        sessionTimer = setTimeout(() => void checkSession(), Math.max(0, Math.min(SESSION_CHECK_MS, ends - Date.now() + 50)));
      },
      cancel() {
        cleanUp();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
  request.signal?.addEventListener("abort", cleanUp, { once: true });
  return new Response(body, { headers: LIVE_HEADERS });
}
