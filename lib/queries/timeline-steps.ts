// An exchange's status callbacks as a timeline an operator can read: in the order they arrived (the
// default) or by status rank, with what arrived late, what was repeated, what changed at each step,
// and which of those changes should never happen to one exchange.
import { EXCHANGE_FIELD_KEYS, EXCHANGE_FIELDS, type ExchangeFieldKey, type ExchangeFieldValues } from "@/lib/catalogue/exchange";

/** Every field of the catalogue, compared from one step to the next. */
export const TIMELINE_FIELDS = EXCHANGE_FIELD_KEYS;
export type TimelineField = ExchangeFieldKey;

/**
 * What one exchange keeps from its first callback to its last (the catalogue's `fixed` fields: type,
 * pair, managee, requested amount and price, accounts): a change there means a sender error or a
 * mix-up of exchanges, not progress.
 */
export const FIXED_FIELDS: ReadonlySet<TimelineField> = new Set(EXCHANGE_FIELDS.filter((field) => field.fixed).map((field) => field.key));

export type TimelineOrder = "arrival" | "rank";

export type TimelineEvent = {
  id: string;
  callbackId: string | null;
  /** Null once the retention purge removed the raw callback. */
  deliveryId: string | null;
  receivedAt: string;
  status: string;
  statusRank: number;
  /** Identical callbacks (same callback Id) received again and acknowledged as duplicates. */
  repeats: number;
  rawBody: string | null;
} & ExchangeFieldValues;

export interface TimelineStep extends TimelineEvent {
  /** Milliseconds since the previous step of the timeline arrived (negative: it arrived earlier). */
  sincePreviousMs: number | null;
  /** A callback of a higher status had already arrived before this one. */
  arrivedOutOfOrder: boolean;
  /** The same status had already been reported by another callback. */
  repeatsEarlierStatus: boolean;
  unknownStatus: boolean;
  /** The step that set the exchange's current state. */
  current: boolean;
  /** Fields whose value differs from the previous step's (in the order shown); `fixed`: it should never change. */
  changes: { field: TimelineField; from: string | boolean | null; to: string | boolean | null; fixed: boolean }[];
}

/** Arrival order: when we received it, then our insertion order for callbacks received in the same instant. */
function arrivedBefore(a: TimelineEvent, b: TimelineEvent): boolean {
  const at = Date.parse(a.receivedAt) - Date.parse(b.receivedAt);
  return at !== 0 ? at < 0 : BigInt(a.id) < BigInt(b.id);
}
const byArrival = (a: TimelineEvent, b: TimelineEvent) => (arrivedBefore(a, b) ? -1 : arrivedBefore(b, a) ? 1 : 0);

export function toTimeline(events: TimelineEvent[], currentEventId: string, order: TimelineOrder = "arrival"): TimelineStep[] {
  const arrived = [...events].sort(byArrival);
  const ordered = order === "arrival" ? arrived : [...events].sort((a, b) => a.statusRank - b.statusRank || byArrival(a, b));
  return ordered.map((event, index) => {
    const previous = index > 0 ? ordered[index - 1] : undefined;
    const earlier = arrived.filter((other) => arrivedBefore(other, event));
    return {
      ...event,
      sincePreviousMs: previous ? Date.parse(event.receivedAt) - Date.parse(previous.receivedAt) : null,
      // Unknown statuses have no rank to be out of order with.
      arrivedOutOfOrder: event.statusRank > 0 && earlier.some((other) => other.statusRank > event.statusRank),
      repeatsEarlierStatus: earlier.some((other) => other.status === event.status),
      unknownStatus: event.statusRank === 0,
      current: event.id === currentEventId,
      changes: previous
        ? TIMELINE_FIELDS.filter((field) => previous[field] !== event[field]).map((field) => ({
            field,
            from: previous[field],
            to: event[field],
            fixed: FIXED_FIELDS.has(field),
          }))
        : [],
    };
  });
}
