import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { EXCHANGE_FIELDS, type ExchangeFieldValues } from "@/lib/catalogue/exchange";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { type ExchangeRow, exchangeFieldSelect } from "./exchanges";
import { isRowId } from "./sql";
import { type TimelineEvent, type TimelineOrder, type TimelineStep, toTimeline } from "./timeline-steps";

/** An exchange's current state with every field the bank sends. */
export type ExchangeDetail = ExchangeRow & ExchangeFieldValues & { currentEventId: string };

/** The same fields on the exchange and on each event. */
const FIELDS = (alias: string) =>
  Prisma.raw(
    [`${alias}.status`, `${alias}.status_rank AS "statusRank"`, ...EXCHANGE_FIELDS.map((field) => exchangeFieldSelect(alias, field))].join(
      ", ",
    ),
  );

const utf8ForDisplay = new TextDecoder("utf-8", { fatal: false });

export async function findExchangeTimeline(
  staff: StaffSession,
  exchangeId: string,
  order: TimelineOrder = "arrival",
): Promise<{ exchange: ExchangeDetail; steps: TimelineStep[] } | undefined> {
  authorize(staff);
  if (!isRowId(exchangeId)) return undefined;
  const [exchanges, events] = await Promise.all([
    db().$queryRaw<(Omit<ExchangeDetail, "firstSeenAt" | "lastUpdateAt"> & { firstSeenAt: Date; lastUpdateAt: Date })[]>`
      SELECT x.exchange_id::text AS "exchangeId", ${FIELDS("x")}, x.first_seen_at AS "firstSeenAt", x.last_update_at AS "lastUpdateAt",
        x.status_changes AS "statusChanges", x.current_event_id::text AS "currentEventId"
      FROM exchange x WHERE x.exchange_id = ${exchangeId}::bigint`,
    db().$queryRaw<(Omit<TimelineEvent, "receivedAt" | "rawBody"> & { receivedAt: Date; rawBody: Uint8Array | null })[]>`
      SELECT e.id::text AS id, e.callback_id AS "callbackId", e.delivery_id::text AS "deliveryId", e.received_at AS "receivedAt", ${FIELDS("e")},
        (SELECT count(*)::int FROM delivery dup WHERE dup.duplicate_of_id = e.delivery_id) AS "repeats", d.raw_body AS "rawBody"
      FROM exchange_status_event e LEFT JOIN delivery d ON d.id = e.delivery_id
      WHERE e.exchange_id = ${exchangeId}::bigint`,
  ]);
  const exchange = exchanges[0];
  if (!exchange) return undefined;
  return {
    exchange: { ...exchange, firstSeenAt: exchange.firstSeenAt.toISOString(), lastUpdateAt: exchange.lastUpdateAt.toISOString() },
    steps: toTimeline(
      events.map((event) => ({
        ...event,
        receivedAt: event.receivedAt.toISOString(),
        rawBody: event.rawBody ? utf8ForDisplay.decode(event.rawBody) : null,
      })),
      exchange.currentEventId,
      order,
    ),
  };
}
