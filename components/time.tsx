"use client";
import { createContext, type ReactNode, useContext, useSyncExternalStore } from "react";

// Times are shown in UTC or in the browser's own time zone, as each staff member chose (kept with
// their account); either way every time says which zone it is in, and hovering shows the other.

export type TimeDisplay = "utc" | "local";

const TimeDisplayContext = createContext<TimeDisplay>("utc");

export function TimeDisplayProvider({ value, children }: { value: TimeDisplay; children: ReactNode }) {
  return <TimeDisplayContext.Provider value={value}>{children}</TimeDisplayContext.Provider>;
}

const subscribeNever = () => () => undefined;

/** The zone times are shown in right now. Until the page runs in the browser (which alone knows its zone), UTC. */
function useShownZone(): "utc" | "local" {
  const chosen = useContext(TimeDisplayContext);
  const inBrowser = useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
  return chosen === "local" && inBrowser ? "local" : "utc";
}

const pad = (value: number) => String(value).padStart(2, "0");

function localZoneName(date: Date): string {
  return (
    new Intl.DateTimeFormat("en-GB", { timeZoneName: "short" }).formatToParts(date).find((part) => part.type === "timeZoneName")?.value ??
    "local"
  );
}

/** `2024-07-30 09:00:26` in UTC or in the browser's zone, with that zone's name. */
export function formatTime(
  iso: string,
  zone: "utc" | "local",
  precision: "seconds" | "minutes" = "seconds",
): { text: string; zone: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { text: iso, zone: "" };
  const parts =
    zone === "utc"
      ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
      : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const text = `${String(year).padStart(4, "0")}-${pad(month)}-${pad(day)} ${pad(hour)}:${pad(minute)}${precision === "seconds" ? `:${pad(second)}` : ""}`;
  return { text, zone: zone === "utc" ? "UTC" : localZoneName(date) };
}

/**
 * A point in time, with its zone. In a table whose header names the zone (`useZoneLabel`), pass
 * `bare` to leave the zone off each cell.
 */
export function Time({
  iso,
  precision = "seconds",
  bare = false,
}: {
  iso: string | null | undefined;
  precision?: "seconds" | "minutes";
  bare?: boolean;
}) {
  const zone = useShownZone();
  if (!iso) return <>—</>;
  const shown = formatTime(iso, zone, precision);
  const other = formatTime(iso, zone === "utc" ? "local" : "utc");
  return (
    <time dateTime={iso} title={`${other.text} ${other.zone}`} className="whitespace-nowrap tabular-nums">
      {shown.text}
      {bare ? null : <span className="ml-1 text-[0.85em] text-slate-500">{shown.zone}</span>}
    </time>
  );
}

/** The zone times are shown in, for a column header: "UTC", or the browser's, e.g. "CET". */
export function useZoneLabel(): string {
  const zone = useShownZone();
  return zone === "utc" ? "UTC" : localZoneName(new Date());
}

/** A column header naming the zone its times are in. */
export function ZoneHeader({ label }: { label: string }) {
  return (
    <>
      {label} ({useZoneLabel()})
    </>
  );
}
