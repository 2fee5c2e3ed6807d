// An exchange's status callbacks as a timeline an operator can read: ordered by rank and arrival,
// with what arrived late, what was repeated, and what changed at each step.

export const TIMELINE_FIELDS = [
  "exchangeType",
  "assetPair",
  "manageesId",
  "requestAmount",
  "requestPrice",
  "executedAmount",
  "executedPrice",
  "commissionFee",
  "hasOpenRfi",
  "fromTransactionsId",
  "toTransactionsId",
  "payeesId",
  "transferType",
  "fromCustomerAssetAccountId",
  "toCustomerAssetAccountId",
] as const;
export type TimelineField = (typeof TIMELINE_FIELDS)[number];

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
} & Record<TimelineField, string | boolean | null>;

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
  /** Fields whose value differs from the previous step's. */
  changes: { field: TimelineField; from: string | boolean | null; to: string | boolean | null }[];
}

const arrival = (event: TimelineEvent) => BigInt(event.id);

export function toTimeline(events: TimelineEvent[], currentEventId: string): TimelineStep[] {
  const byArrival = [...events].sort((a, b) => (arrival(a) < arrival(b) ? -1 : 1));
  const ordered = [...events].sort((a, b) => a.statusRank - b.statusRank || (arrival(a) < arrival(b) ? -1 : 1));
  return ordered.map((event, index) => {
    const previous = index > 0 ? ordered[index - 1] : undefined;
    const earlier = byArrival.filter((other) => arrival(other) < arrival(event));
    return {
      ...event,
      sincePreviousMs: previous ? Date.parse(event.receivedAt) - Date.parse(previous.receivedAt) : null,
      arrivedOutOfOrder: earlier.some((other) => other.statusRank > event.statusRank),
      repeatsEarlierStatus: earlier.some((other) => other.status === event.status),
      unknownStatus: event.statusRank === 0,
      current: event.id === currentEventId,
      changes: previous
        ? TIMELINE_FIELDS.filter((field) => previous[field] !== event[field]).map((field) => ({
            field,
            from: previous[field],
            to: event[field],
          }))
        : [],
    };
  });
}
