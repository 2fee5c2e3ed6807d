"use client";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { type LiveRowKey, liveRowId } from "@/lib/live/live-change";
import { useLiveEvents } from "./live-feed";

const HIGHLIGHT_MS = 4_000;
const GATHER_MS = 250;

interface LiveRowsValue {
  /** A row's newer values (it changed while on screen), and whether it still matches the filters. */
  changed: ReadonlyMap<string, { row: unknown; matches: boolean }>;
  highlighted: ReadonlySet<string>;
  /** The table says which rows it shows, and that it got fresh rows from the server. */
  showing: (ids: string[]) => void;
}

const LiveRowsContext = createContext<LiveRowsValue | null>(null);

export function useLiveRows(): LiveRowsValue | null {
  return useContext(LiveRowsContext);
}

/**
 * A list page's live part. Changes for this list are gathered for a moment, then the server says
 * which of those rows match the page's filters (GET `changes`, the list's own schema and
 * where-builder). Rows on screen are updated in place and highlighted; matching rows not on
 * screen are only counted — "N new matching your filters — show" — so nothing moves under the
 * cursor until the operator asks.
 */
export function LiveList({ changesUrl, rowKey, children }: { changesUrl: string; rowKey: LiveRowKey; children: ReactNode }) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const query = searchParams.toString();
  const shown = useRef(new Set<string>());
  const pending = useRef(new Set<string>());
  const gatherTimer = useRef<number | undefined>(undefined);
  const [changed, setChanged] = useState<ReadonlyMap<string, { row: unknown; matches: boolean }>>(new Map());
  const [highlighted, setHighlighted] = useState<ReadonlySet<string>>(new Set());
  const [newIds, setNewIds] = useState<ReadonlySet<string>>(new Set());

  // Another page or other filters: what was counted belonged to the previous view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the query changes.
  useEffect(() => {
    setNewIds(new Set());
    setChanged(new Map());
    pending.current.clear();
  }, [query]);

  const highlight = useCallback((ids: string[]) => {
    setHighlighted((current) => new Set([...current, ...ids]));
    window.setTimeout(() => {
      setHighlighted((current) => {
        const next = new Set(current);
        for (const id of ids) next.delete(id);
        return next;
      });
    }, HIGHLIGHT_MS);
  }, []);

  const lookUp = useCallback(async () => {
    gatherTimer.current = undefined;
    const ids = [...pending.current].slice(0, 200);
    for (const id of ids) pending.current.delete(id);
    if (ids.length === 0) return;
    const params = new URLSearchParams(query);
    params.set("ids", ids.join(","));
    let answer: { rows: { id: string; matches: boolean; row: unknown }[] };
    try {
      const response = await fetch(`${changesUrl}?${params}`, { cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      answer = await response.json();
    } catch {
      // Not known to match or not: counted as "may be new", which the operator can load.
      setNewIds((current) => new Set([...current, ...ids.filter((id) => !shown.current.has(id))]));
      return;
    }
    const onScreen = answer.rows.filter((entry) => shown.current.has(entry.id));
    if (onScreen.length > 0) {
      setChanged((current) => {
        const next = new Map(current);
        for (const entry of onScreen) next.set(entry.id, { row: entry.row, matches: entry.matches });
        return next;
      });
      highlight(onScreen.map((entry) => entry.id));
    }
    const fresh = answer.rows.filter((entry) => entry.matches && !shown.current.has(entry.id)).map((entry) => entry.id);
    if (fresh.length > 0) setNewIds((current) => new Set([...current, ...fresh]));
    if (pending.current.size > 0) gatherTimer.current = window.setTimeout(() => void lookUp(), GATHER_MS);
  }, [changesUrl, query, highlight]);

  useEffect(() => () => window.clearTimeout(gatherTimer.current), []);

  useLiveEvents((event) => {
    if (event.type === "refetch") {
      router.refresh();
      return;
    }
    if (event.type !== "change") return;
    const id = liveRowId(event.change, rowKey);
    if (!id) return;
    pending.current.add(id);
    gatherTimer.current ??= window.setTimeout(() => void lookUp(), GATHER_MS);
  });

  const showing = useCallback((ids: string[]) => {
    shown.current = new Set(ids);
    // Fresh rows from the server are newer than any change kept for them.
    setChanged(new Map());
  }, []);

  const showNew = () => {
    setNewIds(new Set());
    const params = new URLSearchParams(query);
    const onFirstPage = !params.has("cursor") && (params.get("page") ?? "1") === "1";
    params.delete("cursor");
    params.delete("page");
    if (onFirstPage) router.refresh();
    else router.push(params.size > 0 ? `${pathname}?${params}` : pathname);
  };

  const value = useMemo(() => ({ changed, highlighted, showing }), [changed, highlighted, showing]);
  return (
    <LiveRowsContext.Provider value={value}>
      {newIds.size > 0 ? (
        <div
          aria-live="polite"
          className="mb-2 flex items-center gap-3 rounded border border-sky-300 bg-sky-50 px-3 py-1.5 text-sm text-sky-950"
        >
          <span>
            <strong>{newIds.size}</strong> {rowKey === "exchange" ? "new or updated" : "new"} matching your filters
          </span>
          <button
            type="button"
            onClick={showNew}
            className="rounded bg-sky-700 px-2 py-0.5 font-medium text-white hover:bg-sky-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
          >
            Show
          </button>
        </div>
      ) : null}
      {children}
    </LiveRowsContext.Provider>
  );
}
