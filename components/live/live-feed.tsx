"use client";
import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { LiveChange, LiveEndReason, LiveFeedState } from "@/lib/live/live-change";

/** What a page's live parts hear: a committed change, or "something may have been missed — reload your data". */
export type LiveEvent = { type: "change"; change: LiveChange } | { type: "alerts" } | { type: "refetch" };

export type LiveStatus = "connecting" | "live" | "paused" | "reconnecting" | "refused";

interface LiveFeedValue {
  /** A page's own feed position, taken before it read its data (see LiveSince). */
  registerSince: (position: string) => void;
  status: LiveStatus;
  /** Why the server refused the stream, in words. */
  refusal?: string;
  paused: boolean;
  setPaused: (paused: boolean) => void;
  subscribe: (listener: (event: LiveEvent) => void) => () => void;
}

const LiveFeedContext = createContext<LiveFeedValue | null>(null);
const PAUSED_KEY = "live-console-paused";

/**
 * The tab's one connection to /api/live, shared by every live part of the page and kept across
 * navigation. `since` is the feed position the page was rendered at, so what was committed
 * between rendering and connecting is replayed. Pausing closes the stream; resuming replays what
 * was missed (or reloads the data when it was too much).
 */
export function LiveFeedProvider({ since, children }: { since: string; children: ReactNode }) {
  const router = useRouter();
  const listeners = useRef(new Set<(event: LiveEvent) => void>());
  const lastEventId = useRef(since);
  // Pages register the position they read their data at; their effects run before this provider's,
  // so the stream starts from the earliest of them and nothing committed in between is missed.
  const registerSince = useCallback((position: string) => {
    const [boot, n] = position.split(":");
    const [currentBoot, current] = lastEventId.current.split(":");
    if (boot === currentBoot && Number(n) < Number(current)) lastEventId.current = position;
  }, []);
  const [paused, setPausedState] = useState(false);
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [refusal, setRefusal] = useState<string>();

  useEffect(() => {
    if (window.localStorage.getItem(PAUSED_KEY) === "true") setPausedState(true);
  }, []);

  const setPaused = useCallback((next: boolean) => {
    window.localStorage.setItem(PAUSED_KEY, String(next));
    setPausedState(next);
  }, []);

  useEffect(() => {
    if (paused) {
      setStatus("paused");
      return;
    }
    let source: EventSource | undefined;
    let retryTimer: number | undefined;
    let closedForGood = false;
    let attempt = 0;
    const dispatch = (event: LiveEvent) => {
      for (const listener of listeners.current) listener(event);
    };
    const open = () => {
      setStatus((current) => (current === "paused" ? "connecting" : current));
      source = new EventSource(`/api/live?since=${encodeURIComponent(lastEventId.current)}`);
      source.addEventListener("feed", (event) => {
        const { state } = JSON.parse((event as MessageEvent<string>).data) as { state: LiveFeedState };
        setRefusal(undefined);
        attempt = 0;
        setStatus(state === "live" ? "live" : state === "connecting" ? "connecting" : "reconnecting");
      });
      source.addEventListener("change", (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId.current = message.lastEventId;
        dispatch({ type: "change", change: JSON.parse(message.data) as LiveChange });
      });
      source.addEventListener("alerts", (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId.current = message.lastEventId;
        dispatch({ type: "alerts" });
      });
      source.addEventListener("refetch", (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastEventId.current = message.lastEventId;
        dispatch({ type: "refetch" });
      });
      source.addEventListener("refused", (event) => {
        const { reason, limit } = JSON.parse((event as MessageEvent<string>).data) as { reason: string; limit: number };
        setStatus("refused");
        setRefusal(
          reason === "too-many-streams-for-user"
            ? `You have ${limit} live tabs open already; this one tries again in a minute.`
            : "The server has as many live streams as it takes; this tab tries again in a minute.",
        );
      });
      source.addEventListener("ended", (event) => {
        const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason: LiveEndReason };
        setStatus("reconnecting");
        if (reason === "signed-out") {
          source?.close();
          // The session behind the stream ended. It may have been replaced (a password change ends
          // every session and opens a new one, whose cookie is on its way): look again in a moment.
          retryTimer = window.setTimeout(checkSessionThenReopen, 1_500);
        }
      });
      source.onerror = () => {
        if (closedForGood) return;
        if (source?.readyState === EventSource.CLOSED) {
          // Refused outright, and EventSource does not say why.
          setStatus("reconnecting");
          attempt += 1;
          retryTimer = window.setTimeout(checkSessionThenReopen, Math.min(30_000, 500 * 2 ** attempt));
        } else if (source?.readyState === EventSource.CONNECTING) {
          setStatus((current) => (current === "refused" ? current : "reconnecting"));
        }
      };
    };
    /** A 401 means the session is over: the page's own check then leads to the login page. Otherwise connect again. */
    const checkSessionThenReopen = () => {
      void fetch("/api/live", { headers: { accept: "text/event-stream" }, cache: "no-store" }).then(
        (response) => {
          void response.body?.cancel();
          if (response.status === 401) {
            closedForGood = true;
            router.refresh();
          } else if (!closedForGood) open();
        },
        () => {
          if (!closedForGood) retryTimer = window.setTimeout(checkSessionThenReopen, Math.min(30_000, 500 * 2 ** ++attempt));
        },
      );
    };
    open();
    return () => {
      closedForGood = true;
      window.clearTimeout(retryTimer);
      source?.close();
    };
  }, [paused, router]);

  const subscribe = useCallback((listener: (event: LiveEvent) => void) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(
    () => ({ registerSince, status, refusal, paused, setPaused, subscribe }),
    [registerSince, status, refusal, paused, setPaused, subscribe],
  );
  return <LiveFeedContext.Provider value={value}>{children}</LiveFeedContext.Provider>;
}

export function useLiveFeed(): LiveFeedValue | null {
  return useContext(LiveFeedContext);
}

/** Calls `listener` with every live event while the component is mounted (and the feed is not paused). */
export function useLiveEvents(listener: (event: LiveEvent) => void): void {
  const subscribe = useLiveFeed()?.subscribe;
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe?.((event) => latest.current(event)), [subscribe]);
}

/** Renders nothing: tells the tab's stream the feed position this page's data was read at. */
export function LiveSince({ position }: { position: string }) {
  const register = useLiveFeed()?.registerSince;
  useEffect(() => register?.(position), [register, position]);
  return null;
}
