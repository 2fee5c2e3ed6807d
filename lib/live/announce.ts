import "server-only";
import { Prisma } from "@/lib/db/generated/client";
import { env } from "@/lib/env.mjs";

/** The PostgreSQL channel of the live console's change feed. */
export const LIVE_CHANNEL = "ops_live";

/** The delivery as a LiveChange["delivery"], from a row alias with its columns. */
const deliveryJson = (alias: string) =>
  `json_build_object('id', ${alias}.id::text, 'sender', ${alias}.sender, 'eventType', left(${alias}.event_type, 200), 'outcome', ${alias}.outcome, 'receivedAt', ${alias}.received_at)`;

/** Columns the intake's delivery CTE returns so that it can be announced. */
export const ANNOUNCED_DELIVERY_COLUMNS = Prisma.raw("id, received_at, sender, event_type, outcome");

const REQUEST_JSON = `(SELECT json_build_object('id', p.id::text, 'stage', p.stage, 'userId', left(p.user_id, 200), 'platform', left(p.platform, 200),
  'packageName', left(p.package_name, 200), 'requestTime', p.request_time) FROM p LIMIT 1)`;
export const ANNOUNCED_REQUEST_COLUMNS = Prisma.raw("id, stage, user_id, platform, package_name, request_time");

const EXCHANGE_JSON = `(SELECT json_build_object('exchangeId', x.exchange_id::text, 'stepId', e.id::text, 'status', left(x.status, 100),
  'assetPair', left(x.asset_pair, 100), 'manageesId', x.managees_id::text, 'hasOpenRfi', x.has_open_rfi) FROM x, e LIMIT 1)`;
export const ANNOUNCED_EXCHANGE_COLUMNS = Prisma.raw("exchange_id, status, asset_pair, managees_id, has_open_rfi");

/**
 * A select-list item that announces the committed delivery `d` (and the request `p` or exchange
 * `x`/step `e` it recorded) on the change feed. pg_notify inside the intake's own statement is
 * delivered when that statement commits, and only then. Empty with LIVE_FEED=off.
 */
export function announcement(alias: string, projection: "request" | "exchange" | null): Prisma.Sql {
  if (env().LIVE_FEED === "off") return Prisma.empty;
  const request = projection === "request" ? REQUEST_JSON : "NULL";
  const exchange = projection === "exchange" ? EXCHANGE_JSON : "NULL";
  return Prisma.raw(
    `, (SELECT true FROM pg_notify('${LIVE_CHANNEL}', json_build_object('delivery', ${deliveryJson(alias)}, 'request', ${request}, 'exchange', ${exchange})::text)) AS announced`,
  );
}
