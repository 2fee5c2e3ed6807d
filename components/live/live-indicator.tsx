"use client";
import { type LiveStatus, useLiveFeed } from "./live-feed";

const LOOK: Record<LiveStatus, { label: string; dot: string; title: string }> = {
  connecting: { label: "Connecting…", dot: "bg-slate-400", title: "Connecting to the live feed." },
  live: { label: "Live", dot: "bg-emerald-500", title: "New deliveries appear as they are committed." },
  paused: { label: "Paused", dot: "bg-amber-500", title: "Live updates are paused; resume to catch up." },
  reconnecting: {
    label: "Reconnecting…",
    dot: "bg-red-500 animate-pulse",
    title: "The live feed dropped; the page catches up when it is back.",
  },
  refused: { label: "Live off", dot: "bg-slate-400", title: "" },
};

/** The navigation's live/paused/reconnecting indicator, with the pause toggle. */
export function LiveIndicator() {
  const feed = useLiveFeed();
  if (!feed) return null;
  const look = LOOK[feed.status];
  return (
    <div className="flex items-center gap-1.5 text-xs" title={feed.refusal ?? look.title}>
      <span aria-live="polite" className="inline-flex items-center gap-1.5 text-slate-700" data-live-status={feed.status}>
        <span aria-hidden="true" className={`h-2 w-2 rounded-full ${look.dot}`} />
        {look.label}
      </span>
      <button
        type="button"
        onClick={() => feed.setPaused(!feed.paused)}
        aria-pressed={feed.paused}
        aria-label={feed.paused ? "Resume live updates" : "Pause live updates"}
        className="rounded border border-slate-300 px-1.5 py-0.5 text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
      >
        {feed.paused ? "Resume" : "Pause"}
      </button>
    </div>
  );
}
