// The set-based SQL of the bulk generator. Every random choice is a hash of (row number, salt), so a
// data set of a given size is the same on every run and does not depend on how it is split in batches.
//
// One batch is a run of days. Its rows are first computed into a temporary table `b` (one row per
// delivery: a rejected prop-trading request or one exchange status callback), numbered in order of
// arrival; the real tables are then filled from it, raw bodies built and signed on the way in.
import { createHash } from "node:crypto";
import {
  ASSET_PAIRS,
  BANK_HOURLY,
  benchSecrets,
  CRM_HOURLY,
  cumulativeThresholds,
  LEVERAGES,
  LIFECYCLES,
  PACKAGES,
  TRANSFER_TYPES,
  VENUES,
} from "./catalogue";

/** A uniform number in (0, 1) from a row number and a salt. */
const U = `CREATE FUNCTION bench_gen.u(i bigint, salt bigint) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
  $$ SELECT ((hashint8extended(i, salt) & 281474976710655)::float8 + 0.5) / 281474976710656.0 $$`;

/** Eight base-36 digits of n: ids shaped like the CRM's ("qkk4x3p1"). */
const B36 = `CREATE FUNCTION bench_gen.b36(n bigint) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT
  ${Array.from({ length: 8 }, (_, digit) => `substr('0123456789abcdefghijklmnopqrstuvwxyz', ((n / ${36 ** (7 - digit)}) % 36)::int + 1, 1)`).join(" || ")} $$`;

const pgArray = (values: readonly number[]) => `ARRAY[${values.map((value) => value.toPrecision(17)).join(",")}]::float8[]`;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const CATALOGUE_DDL = [
  "CREATE SCHEMA bench_gen",
  U,
  B36,
  `CREATE TABLE bench_gen.pair (idx int PRIMARY KEY, name text NOT NULL, name_json text NOT NULL, price float8 NOT NULL,
     price_dec int NOT NULL, amount float8 NOT NULL, amount_dec int NOT NULL)`,
  `CREATE TABLE bench_gen.package (idx int PRIMARY KEY, names_json text NOT NULL, stored_names jsonb NOT NULL, display_name text,
     search text NOT NULL, initial_balance numeric NOT NULL, max_daily_loss numeric NOT NULL, max_loss numeric NOT NULL,
     profit_target numeric NOT NULL)`,
  `CREATE TABLE bench_gen.venue (idx int PRIMARY KEY, platform text NOT NULL, connection_id text NOT NULL, group_name text NOT NULL,
     group_json text NOT NULL, search text NOT NULL)`,
  `CREATE TABLE bench_gen.leverage (idx int PRIMARY KEY, json text NOT NULL, value numeric NOT NULL)`,
  `CREATE TABLE bench_gen.lifecycle (idx int PRIMARY KEY, statuses text[] NOT NULL, ranks int[] NOT NULL, gap_means float8[] NOT NULL,
     steps int NOT NULL)`,
  `CREATE TABLE bench_gen.day (idx int PRIMARY KEY, start_ms bigint NOT NULL, crm_first bigint NOT NULL, crm_count int NOT NULL,
     ex_first bigint NOT NULL, ex_count int NOT NULL, batch int NOT NULL)`,
];

/** Rows of the catalogue tables, as parameterised INSERTs. */
export function catalogueInserts(statusRank: (status: string) => number): { text: string; values: unknown[] }[] {
  return [
    {
      text: `INSERT INTO bench_gen.pair SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::int[], $6::float8[], $7::int[])`,
      values: [
        ASSET_PAIRS.map((_, index) => index + 1),
        ASSET_PAIRS.map((pair) => pair.name),
        ASSET_PAIRS.map((pair) => JSON.stringify(pair.name)),
        ASSET_PAIRS.map((pair) => pair.price),
        ASSET_PAIRS.map((pair) => pair.priceDecimals),
        ASSET_PAIRS.map((pair) => pair.amount),
        ASSET_PAIRS.map((pair) => pair.amountDecimals),
      ],
    },
    {
      text: `INSERT INTO bench_gen.package SELECT * FROM unnest($1::int[], $2::text[], $3::jsonb[], $4::text[], $5::text[], $6::numeric[],
               $7::numeric[], $8::numeric[], $9::numeric[])`,
      values: [
        PACKAGES.map((_, index) => index + 1),
        PACKAGES.map((entry) => JSON.stringify(entry.names)),
        PACKAGES.map((entry) => JSON.stringify(entry.storedNames)),
        PACKAGES.map((entry) => entry.displayName),
        PACKAGES.map((entry) => entry.searchText),
        PACKAGES.map((entry) => String(entry.initialBalance)),
        PACKAGES.map((entry) => String(entry.maxDailyLossPercent)),
        PACKAGES.map((entry) => String(entry.maxLossPercent)),
        PACKAGES.map((entry) => String(entry.profitTargetPercent)),
      ],
    },
    {
      text: `INSERT INTO bench_gen.venue SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      values: [
        VENUES.map((_, index) => index + 1),
        VENUES.map((venue) => venue.platform),
        VENUES.map((venue) => venue.connectionId),
        VENUES.map((venue) => venue.group),
        VENUES.map((venue) => JSON.stringify(venue.group)),
        VENUES.map((venue) => venue.searchText),
      ],
    },
    {
      text: `INSERT INTO bench_gen.leverage SELECT * FROM unnest($1::int[], $2::text[], $3::numeric[])`,
      values: [LEVERAGES.map((_, index) => index + 1), LEVERAGES.map((entry) => entry.json), LEVERAGES.map((entry) => entry.value)],
    },
    {
      text: `INSERT INTO bench_gen.lifecycle SELECT idx, statuses, ranks, gap_means, cardinality(statuses)
             FROM unnest($1::int[], $2::text[], $3::text[], $4::text[]) AS l(idx, statuses_text, ranks_text, gaps_text),
             LATERAL (SELECT statuses_text::text[] AS statuses, ranks_text::int[] AS ranks, gaps_text::float8[] AS gap_means) x`,
      values: [
        LIFECYCLES.map((_, index) => index + 1),
        LIFECYCLES.map((lifecycle) => `{${lifecycle.statuses.join(",")}}`),
        LIFECYCLES.map((lifecycle) => `{${lifecycle.statuses.map(statusRank).join(",")}}`),
        LIFECYCLES.map((lifecycle) => `{${lifecycle.gapMeansMs.join(",")}}`),
      ],
    },
  ];
}

export interface DayPlan {
  startMs: number;
  crmFirst: number;
  crmCount: number;
  exchangeFirst: number;
  exchangeCount: number;
  batch: number;
}

export function dayInsert(days: readonly DayPlan[]): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO bench_gen.day SELECT * FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::int[], $5::bigint[], $6::int[], $7::int[])`,
    values: [
      days.map((_, index) => index),
      days.map((day) => day.startMs),
      days.map((day) => day.crmFirst),
      days.map((day) => day.crmCount),
      days.map((day) => day.exchangeFirst),
      days.map((day) => day.exchangeCount),
      days.map((day) => day.batch),
    ],
  };
}

const CRM_HOURS = pgArray(cumulativeThresholds(CRM_HOURLY));
const BANK_HOURS = pgArray(cumulativeThresholds(BANK_HOURLY));
const PAIRS = pgArray(cumulativeThresholds(ASSET_PAIRS.map((pair) => pair.weight)));
const PACKAGE_SHARES = pgArray(cumulativeThresholds(PACKAGES.map((entry) => entry.weight)));
const VENUE_SHARES = pgArray(cumulativeThresholds(VENUES.map((venue) => venue.weight)));
const LEVERAGE_SHARES = pgArray(cumulativeThresholds(LEVERAGES.map((entry) => entry.weight)));
const LIFECYCLE_SHARES = pgArray(cumulativeThresholds(LIFECYCLES.map((lifecycle) => lifecycle.weight)));
const TRANSFER_TYPE_ARRAY = `ARRAY[${TRANSFER_TYPES.map(literal).join(",")}]`;

/** Users: a power law over this many ids, so a few users are very heavy and most appear rarely. */
export const CRM_USERS = 40_000;
export const BANK_CUSTOMERS = 30_000;

/** Banking exchange ids start here; the ingest load uses ids from INGEST_EXCHANGE_ID_BASE upwards. */
export const EXCHANGE_ID_BASE = 20_000;
export const INGEST_EXCHANGE_ID_BASE = 1_000_000_000;

/** Number of exchange status callbacks per batch, for numbering deliveries before any batch runs. */
export const EVENTS_PER_BATCH = `
  SELECT d.batch, sum(lc.steps)::bigint AS events
  FROM bench_gen.day d
  CROSS JOIN LATERAL generate_series(d.ex_first, d.ex_first + d.ex_count - 1) AS i
  JOIN bench_gen.lifecycle lc ON lc.idx = width_bucket(bench_gen.u(i, 20), ${LIFECYCLE_SHARES}) + 1
  GROUP BY d.batch ORDER BY d.batch`;

/**
 * The batch's deliveries in order of arrival ($1 batch, $2/$3/$4 the first delivery/request/event
 * id minus one). Callbacks of an exchange arrive some time after each status change (network
 * jitter, now and then a retry with backoff), so close changes often arrive out of order.
 */
export const CREATE_BATCH_TABLE = `
CREATE TEMP TABLE b ON COMMIT DROP AS
WITH crm AS (
  SELECT i, received_ms, (received_ms - lag_s * 1000) / 1000 * 1000 AS request_ms, live, user_k, pkg, venue, lev, as_strings, sent_status
  FROM (
    SELECT i,
      d.start_ms + width_bucket(bench_gen.u(i, 1), ${CRM_HOURS}) * 3600000::bigint + floor(bench_gen.u(i, 2) * 3600000)::bigint AS received_ms,
      CASE WHEN bench_gen.u(i, 7) < 0.05 THEN 86400 + floor(bench_gen.u(i, 8) * 13 * 86400)::bigint
           ELSE 20 + floor(-ln(bench_gen.u(i, 8)) * 10800)::bigint END AS lag_s,
      bench_gen.u(i, 3) < 0.35 AS live,
      1 + floor(${CRM_USERS} * bench_gen.u(i, 4) ^ 3)::bigint AS user_k,
      width_bucket(bench_gen.u(i, 5), ${PACKAGE_SHARES}) + 1 AS pkg,
      width_bucket(bench_gen.u(i, 6), ${VENUE_SHARES}) + 1 AS venue,
      width_bucket(bench_gen.u(i, 9), ${LEVERAGE_SHARES}) + 1 AS lev,
      bench_gen.u(i, 10) < 0.15 AS as_strings,
      CASE WHEN bench_gen.u(i, 11) < 0.03 THEN 'rejected' ELSE 'pending' END AS sent_status
    FROM bench_gen.day d
    CROSS JOIN LATERAL generate_series(d.crm_first, d.crm_first + d.crm_count - 1) AS i
    WHERE d.batch = $1
  ) c
),
ex AS (
  SELECT x.*, p.idx AS pair, p.price_dec, p.amount_dec,
    greatest(round((p.amount * exp(1.8 * (bench_gen.u(i, 25) + bench_gen.u(i, 26) + bench_gen.u(i, 27) - 1.5)))::numeric, p.amount_dec),
             power(10::numeric, -p.amount_dec)) AS request_amount,
    greatest(round((p.price * (0.85 + 0.3 * bench_gen.u(i, 28)))::numeric, p.price_dec), power(10::numeric, -p.price_dec)) AS request_price
  FROM (
    SELECT i,
      d.start_ms + width_bucket(bench_gen.u(i, 12), ${BANK_HOURS}) * 3600000::bigint + floor(bench_gen.u(i, 13) * 3600000)::bigint AS start_ms,
      width_bucket(bench_gen.u(i, 20), ${LIFECYCLE_SHARES}) + 1 AS lc,
      ${EXCHANGE_ID_BASE} + 3 * i + floor(bench_gen.u(i, 21) * 3)::bigint AS exchange_id,
      width_bucket(bench_gen.u(i, 22), ${PAIRS}) + 1 AS pair_idx,
      (bench_gen.u(i, 23) < 0.4)::int AS exchange_type,
      1000 + floor(${BANK_CUSTOMERS} * bench_gen.u(i, 24) ^ 3)::bigint AS managee,
      CASE WHEN bench_gen.u(i, 30) < 0.08 THEN 500000 + floor(bench_gen.u(i, 31) * 20000)::bigint END AS payee,
      (${TRANSFER_TYPE_ARRAY})[1 + floor(bench_gen.u(i, 32) * ${TRANSFER_TYPES.length})::int] AS transfer_kind,
      bench_gen.u(i, 33) < 0.5 AS to_account
    FROM bench_gen.day d
    CROSS JOIN LATERAL generate_series(d.ex_first, d.ex_first + d.ex_count - 1) AS i
    WHERE d.batch = $1
  ) x
  JOIN bench_gen.pair p ON p.idx = x.pair_idx
),
events AS (
  SELECT ex.*, s.step::int AS step, s.status, lc.ranks[s.step] AS status_rank,
    ex.start_ms + floor(s.offset_ms)::bigint + 80 + floor(-ln(bench_gen.u(i, 40 + s.step)) * 400)::bigint
      + CASE WHEN bench_gen.u(i, 50 + s.step) < 0.02 THEN 30000 * (2 ^ floor(bench_gen.u(i, 60 + s.step) * 8))::bigint ELSE 0 END AS received_ms
  FROM ex
  JOIN bench_gen.lifecycle lc ON lc.idx = ex.lc
  CROSS JOIN LATERAL (
    SELECT g2 AS c2, g2 + g3 AS c3, g2 + g3 + g4 AS c4, g2 + g3 + g4 + g5 AS c5
    FROM (SELECT ${[2, 3, 4, 5].map((k) => `coalesce(lc.gap_means[${k}], 0) * -ln(bench_gen.u(ex.i, ${30 + k})) AS g${k}`).join(", ")}) g
  ) c
  CROSS JOIN LATERAL unnest(lc.statuses, ARRAY[0, c.c2, c.c3, c.c4, c.c5]) WITH ORDINALITY AS s(status, offset_ms, step)
  WHERE s.status IS NOT NULL
),
arrivals AS (
  SELECT 'c'::text AS kind, i AS idx, 0 AS step, received_ms, request_ms, live, user_k, pkg, venue, lev, as_strings, sent_status,
    NULL::bigint AS exchange_id, NULL::text AS status, NULL::int AS status_rank, NULL::int AS pair, NULL::int AS exchange_type,
    NULL::bigint AS managee, NULL::numeric AS request_amount, NULL::numeric AS request_price, NULL::int AS price_dec,
    NULL::bigint AS payee, NULL::text AS transfer_kind, NULL::boolean AS to_account
  FROM crm
  UNION ALL
  SELECT 'e', i, step, received_ms, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    exchange_id, status, status_rank, pair, exchange_type, managee, request_amount, request_price, price_dec, payee, transfer_kind, to_account
  FROM events
)
SELECT a.*,
  'epoch'::timestamptz + a.received_ms * interval '1 millisecond' AS received_at,
  $2::bigint + row_number() OVER w AS delivery_id,
  $3::bigint + count(*) FILTER (WHERE kind = 'c') OVER w AS request_row_id,
  $4::bigint + count(*) FILTER (WHERE kind = 'e') OVER w AS event_id,
  CASE WHEN kind = 'c' THEN bench_gen.b36((idx * 2147483629 + 104729) % 2821109907456) END AS request_id,
  CASE WHEN kind = 'c' THEN bench_gen.b36((user_k * 1000000007 + 7777) % 2821109907456) END AS user_id,
  CASE WHEN kind = 'c' THEN to_char('epoch'::timestamptz AT TIME ZONE 'UTC' + request_ms * interval '1 millisecond', 'YYYY-MM-DD HH24:MI:SS') END
    AS request_time_text,
  CASE WHEN kind = 'e' THEN md5('callback:' || idx || ':' || step)::uuid::text END AS callback_id,
  CASE WHEN kind = 'e' AND status = 'Completed' THEN request_amount END AS executed_amount,
  CASE WHEN kind = 'e' AND status = 'Completed'
       THEN round(request_price * (0.998 + 0.004 * bench_gen.u(idx, 29))::numeric, price_dec) END AS executed_price,
  CASE WHEN kind = 'e' THEN greatest(round(request_amount * request_price * 0.0025, 2), 0.01) END AS commission_fee,
  CASE WHEN kind = 'e' THEN bench_gen.u(idx, 70 + step) < 0.25 END AS trailing_comma
FROM arrivals a
WINDOW w AS (ORDER BY a.received_ms, a.kind, a.idx, a.step ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`;

const json = (expression: string) => `trim_scale(${expression})::text`;
const jsonOrNull = (expression: string) => `coalesce(trim_scale(${expression})::text, 'null')`;
const quotedIf = (condition: string, expression: string) =>
  `CASE WHEN ${condition} THEN '"' || ${expression} || '"' ELSE ${expression} END`;

/** The CRM's body, compact, in the key order of its documented example. */
const CRM_BODY = `concat(
  '{"source":{"service":"requests","group":"crm.webhooks.groups.requests.', family, '","event":"crm.webhooks.requests.', family,
  '.reject"},"target":{"name":', CASE WHEN live THEN '"自营交易live阶段"' ELSE '"自营交易挑战"' END,
  '},"version":"1.0.0","data":{"id":"', request_id, '","type":"', request_type, '","status":"', sent_status,
  '","user_id":"', user_id, '","request_time":"', request_time_text, '","package_name":', names_json,
  ',"connection_id":"', connection_id, '","platform":"', platform, '","group":', group_json,
  ',"leverage":', leverage_json,
  ',"initial_balance":', ${quotedIf("as_strings", json("initial_balance"))},
  ',"max_daily_loss_percent":', ${json("max_daily_loss")},
  ',"max_loss_percent":', ${quotedIf("as_strings", json("max_loss"))},
  ',"profit_target_percent":', ${json("profit_target")}, '}}')`;

/** The bank's EXCHANGE_STATUS_UPDATED callback, in the key order of its documented example. */
const BANK_BODY = `concat(
  '{"Id":"', callback_id, '","Type":"EXCHANGE_STATUS_UPDATED","Data":{"Id":', exchange_id, ',"ExchangeType":', exchange_type,
  ',"Status":"', status, '","FromTransactionsId":', exchange_id * 10 + 1, ',"ToTransactionsId":', exchange_id * 10 + 3,
  ',"ManageesId":', managee, ',"AssetPair":', pair_json, ',"RequestAmount":', ${json("request_amount")},
  ',"RequestPrice":', ${json("request_price")}, ',"ExecutedAmount":', ${jsonOrNull("executed_amount")},
  ',"ExecutedPrice":', ${jsonOrNull("executed_price")}, ',"CommissionFee":', ${json("commission_fee")},
  ',"PayeesId":', coalesce(payee::text, 'null'), ',"TransferType":', CASE WHEN payee IS NULL THEN 'null' ELSE '"' || transfer_kind || '"' END,
  ',"bHasOpenRfi":', CASE WHEN status = 'AwaitingRfi' THEN 'true' ELSE 'false' END,
  ',"FromCustomerAssetAccountId":', 100000 + managee * 4 + exchange_type,
  CASE WHEN to_account THEN ',"ToCustomerAssetAccountId":' || (100002 + managee * 4 + exchange_type) ELSE '' END,
  CASE WHEN trailing_comma THEN ',' ELSE '' END, '}}')`;

export const TRAILING_COMMA_NOTE = "The JSON had trailing commas; tolerated as the sender's documented quirk.";

/** HMAC-SHA256 from two plain SHA-256 passes over the key pads: no pgcrypto needed. */
function hmacPads(secret: string): { inner: Buffer; outer: Buffer } {
  let key = Buffer.from(secret, "utf8");
  if (key.length > 64) key = createHash("sha256").update(key).digest();
  const padded = Buffer.alloc(64);
  key.copy(padded);
  return { inner: Buffer.from(padded.map((byte) => byte ^ 0x36)), outer: Buffer.from(padded.map((byte) => byte ^ 0x5c)) };
}

/** Deliveries of batch table `b`, in id order, bodies built and signed as each sender does. */
export function insertDeliveries(): { text: string; values: unknown[] } {
  const pads = hmacPads(benchSecrets.crm);
  return {
    text: `
INSERT INTO delivery (id, sender, event_type, received_at, raw_body, body_sha256, headers, signature_form, dedupe_key, callback_id, outcome, note)
SELECT delivery_id, sender::"Sender", event_type, received_at, body, encode(sha256(body), 'hex'),
  jsonb_build_object('content-type', 'application/json', 'content-length', octet_length(body)::text, 'user-agent', user_agent,
    signature_header, CASE WHEN kind = 'c' THEN encode(sha256($1::bytea || sha256($2::bytea || body)), 'hex')
                           ELSE encode(sha256(body || $3::bytea), 'hex') END),
  'hex (secret 1)', dedupe_key, callback_id, 'projected', CASE WHEN trailing_comma THEN $4 END
FROM (
  SELECT delivery_id, kind, received_at, trailing_comma, callback_id,
    CASE WHEN kind = 'c' THEN 'crm' ELSE 'banking' END AS sender,
    CASE WHEN kind = 'c' THEN 'crm.webhooks.requests.' || family || '.reject' ELSE 'EXCHANGE_STATUS_UPDATED' END AS event_type,
    CASE WHEN kind = 'c' THEN 'GuzzleHttp/7' ELSE 'RestSharp/106.15.0.0' END AS user_agent,
    CASE WHEN kind = 'c' THEN 'x-crm-signature' ELSE 'webhook-signature' END AS signature_header,
    CASE WHEN kind = 'c' THEN CASE WHEN live THEN 'live' ELSE 'challenge' END || '-rejection:' || request_id
         ELSE 'callback:' || callback_id END AS dedupe_key,
    convert_to(CASE WHEN kind = 'c' THEN ${CRM_BODY} ELSE ${BANK_BODY} END, 'UTF8') AS body
  FROM (
    SELECT b.*, CASE WHEN live THEN 'propTradingLive' ELSE 'propTrading' END AS family,
      CASE WHEN live THEN 'prop_trading_live_step' ELSE 'prop_trading' END AS request_type,
      pk.names_json, pk.initial_balance, pk.max_daily_loss, pk.max_loss, pk.profit_target,
      v.platform, v.connection_id, v.group_json, l.json AS leverage_json, p.name_json AS pair_json
    FROM b
    LEFT JOIN bench_gen.package pk ON pk.idx = b.pkg
    LEFT JOIN bench_gen.venue v ON v.idx = b.venue
    LEFT JOIN bench_gen.leverage l ON l.idx = b.lev
    LEFT JOIN bench_gen.pair p ON p.idx = b.pair
    ORDER BY delivery_id
    OFFSET 0
  ) r
  OFFSET 0
) s`,
    values: [pads.outer, pads.inner, Buffer.from(benchSecrets.banking, "utf8"), TRAILING_COMMA_NOTE],
  };
}

/** The projection of each rejection, as lib/webhooks/crm/normalize.ts computes it. */
export const INSERT_PROP_TRADING_REQUESTS = `
INSERT INTO prop_trading_request (id, request_id, stage, request_type, status, sent_status, user_id, request_time, package_names,
  package_name, platform, connection_id, group_name, leverage, initial_balance, max_daily_loss_percent, max_loss_percent,
  profit_target_percent, event_slug, target_name, search_text, delivery_id, received_at)
SELECT request_row_id, request_id, CASE WHEN live THEN 'live' ELSE 'challenge' END::"PropTradingStage",
  CASE WHEN live THEN 'prop_trading_live_step' ELSE 'prop_trading' END, 'rejected', sent_status, user_id,
  'epoch'::timestamptz + request_ms * interval '1 millisecond', pk.stored_names, pk.display_name, v.platform, v.connection_id,
  v.group_name, l.value, pk.initial_balance, pk.max_daily_loss, pk.max_loss, pk.profit_target,
  'crm.webhooks.requests.' || CASE WHEN live THEN 'propTradingLive' ELSE 'propTrading' END || '.reject',
  CASE WHEN live THEN '自营交易live阶段' ELSE '自营交易挑战' END,
  concat_ws(' ', request_id, user_id, v.search, nullif(pk.search, '')), delivery_id, received_at
FROM b
JOIN bench_gen.package pk ON pk.idx = b.pkg
JOIN bench_gen.venue v ON v.idx = b.venue
JOIN bench_gen.leverage l ON l.idx = b.lev
WHERE kind = 'c'
ORDER BY request_row_id`;

/** Values of one callback's timeline row from batch table `b` (joined with its pair `p`), as lib/webhooks/banking/normalize.ts reads them. */
const EVENT_VALUES = `CASE WHEN exchange_type = 0 THEN 'Buy' ELSE 'Sell' END, p.name, managee, request_amount, request_price,
  executed_amount, executed_price, commission_fee, status = 'AwaitingRfi', exchange_id * 10 + 1, exchange_id * 10 + 3, payee,
  CASE WHEN payee IS NOT NULL THEN transfer_kind END, 100000 + managee * 4 + exchange_type,
  CASE WHEN to_account THEN 100002 + managee * 4 + exchange_type END`;

const EXCHANGE_VALUE_COLUMNS = `exchange_type, asset_pair, managees_id, request_amount, request_price, executed_amount, executed_price,
  commission_fee, has_open_rfi, from_transactions_id, to_transactions_id, payees_id, transfer_type, from_customer_asset_account_id,
  to_customer_asset_account_id`;

/** The timeline: one row per callback. */
export const INSERT_EXCHANGE_EVENTS = `
INSERT INTO exchange_status_event (id, exchange_id, delivery_id, callback_id, status, status_rank, ${EXCHANGE_VALUE_COLUMNS}, received_at)
SELECT event_id, exchange_id, delivery_id, callback_id, status, status_rank, ${EVENT_VALUES}, received_at
FROM b
JOIN bench_gen.pair p ON p.idx = b.pair
WHERE kind = 'e'
ORDER BY event_id`;

/**
 * Current state per exchange, as lib/ingest/store-delivery.ts reaches it by applying the callbacks
 * in arrival (id) order: the highest rank wins; among equals the later one, except that the first
 * terminal status is never replaced. Identifying fields are the same on every callback of an
 * exchange, so "keep what an earlier callback said" needs no special handling here. Computed from
 * `b`, so exchanges can be written before their timeline when the foreign keys are kept.
 */
export function insertExchanges(terminalRank: number): string {
  return `
INSERT INTO exchange (exchange_id, status, status_rank, ${EXCHANGE_VALUE_COLUMNS}, first_seen_at, last_update_at, status_changes,
  current_event_id)
SELECT DISTINCT ON (exchange_id) exchange_id, status, status_rank, ${EVENT_VALUES}, a.first_seen_at, a.last_update_at, a.status_changes,
  event_id
FROM b
JOIN bench_gen.pair p ON p.idx = b.pair
JOIN (
  SELECT exchange_id AS id, min(received_at) AS first_seen_at, max(received_at) AS last_update_at, count(*)::int AS status_changes
  FROM b WHERE kind = 'e' GROUP BY exchange_id
) a ON a.id = b.exchange_id
WHERE kind = 'e'
ORDER BY exchange_id, status_rank DESC, CASE WHEN status_rank = ${terminalRank} THEN event_id ELSE -event_id END`;
}
