// Time as the alert rules see it: durations in words, and whether a moment falls within a rule's
// active hours in its time zone. The evaluator takes "now" as a parameter, so tests move time.
import { WEEKDAYS } from "./rules";

/** 90 → "1 h 30 min", 2880 → "2 d". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days > 0 ? `${days} d` : "", hours > 0 ? `${hours} h` : "", rest > 0 && days === 0 ? `${rest} min` : ""]
    .filter(Boolean)
    .join(" ");
}

/** The weekday and minutes past midnight of `moment` on the wall clock of `timeZone`. */
export function wallClock(moment: Date, timeZone: string): { weekday: string; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(moment)
      .map((part) => [part.type, part.value]),
  );
  return { weekday: String(parts.weekday), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `moment` is within [from, to) on one of `weekdays` in `timeZone`. A window that ends
 * before it begins (22:00–06:00) runs over midnight and belongs to the weekday it began on.
 */
export function withinActiveHours(moment: Date, timeZone: string, from: string, to: string, weekdays: string): boolean {
  const days = weekdays.split(",");
  const { weekday, minutes } = wallClock(moment, timeZone);
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start < end) return days.includes(weekday) && minutes >= start && minutes < end;
  if (start === end) return days.includes(weekday);
  if (minutes >= start) return days.includes(weekday);
  if (minutes < end) {
    const previous = WEEKDAYS[(WEEKDAYS.indexOf(weekday as (typeof WEEKDAYS)[number]) + 6) % 7] as string;
    return days.includes(previous);
  }
  return false;
}

/**
 * When the active window containing `moment` began, or null when the window is the whole day (then
 * silence is not clamped). Reckoned on the zone's wall clock, so a daylight-saving change inside the
 * window shifts it by that hour at most.
 */
export function activeWindowStart(moment: Date, timeZone: string, from: string, to: string): Date | null {
  const start = minutesOf(from);
  const end = minutesOf(to);
  if (start === 0 && end === 1440) return null;
  const { minutes } = wallClock(moment, timeZone);
  const into = (minutes - start + 1440) % 1440;
  return new Date(Math.floor(moment.getTime() / 60_000) * 60_000 - into * 60_000);
}
