import "server-only";
import { createHash } from "node:crypto";
import { EXCHANGE_FIELDS, type FieldKind } from "@/lib/catalogue/exchange";
import { PROP_TRADING_REQUEST_FIELDS, type RequestFieldKind } from "@/lib/catalogue/prop-trading-request";
import { dbPool } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { ExchangeStatusUpdate, IntakeDecision, PropTradingRejection } from "@/lib/ingest/intake-decision";
import { ANNOUNCED_DELIVERY_COLUMNS, ANNOUNCED_EXCHANGE_COLUMNS, ANNOUNCED_REQUEST_COLUMNS, announcement } from "@/lib/live/announce";
import { TERMINAL_RANK } from "./banking/statuses";

export type Sender = "crm" | "banking";
export type DeliveryOutcome = "projected" | "duplicate" | "quarantined" | "stored_unprojected";

export interface ReceivedDelivery {
  sender: Sender;
  rawBody: Buffer;
  bodySha256: string;
  headers: Record<string, string>;
  signatureForm: string;
  receivedAt: Date;
}

export interface StoredDelivery {
  deliveryId: bigint;
  outcome: DeliveryOutcome;
  /** For a duplicate: the delivery it repeats, and what became of that one. */
  original?: { deliveryId: bigint; outcome: DeliveryOutcome };
}

const OUTCOME_OF: Record<IntakeDecision["kind"], DeliveryOutcome> = {
  project: "projected",
  store: "stored_unprojected",
  quarantine: "quarantined",
};

const statementNames = new Map<string, string>();

/**
 * Runs a statement on the pool as a named prepared statement: each shape of statement is parsed and
 * planned once per connection, not on every delivery, and Prisma's query pipeline is skipped. The
 * few shapes below are all there are (values are always parameters). bigint columns come back as
 * strings.
 */
async function run<Row extends Record<string, unknown>>(statement: Prisma.Sql): Promise<Row[]> {
  const text = statement.text;
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `ingest_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return (await dbPool().query<Row>({ name, text, values: statement.values })).rows;
}

function insertDelivery(received: ReceivedDelivery, decision: IntakeDecision): Prisma.Sql {
  const quarantine = decision.kind === "quarantine" ? decision : undefined;
  return Prisma.sql`
    INSERT INTO delivery (sender, event_type, received_at, raw_body, body_sha256, headers, signature_form,
                          dedupe_key, callback_id, outcome, quarantine_reason, validation_errors, note)
    VALUES (${received.sender}::"Sender", ${decision.eventType}, ${received.receivedAt}, ${received.rawBody}, ${received.bodySha256},
            ${JSON.stringify(received.headers)}::jsonb, ${received.signatureForm}, ${decision.dedupeKey}, ${decision.callbackId},
            ${OUTCOME_OF[decision.kind]}::"DeliveryOutcome", ${quarantine?.reason ?? null},
            ${quarantine ? JSON.stringify(quarantine.errors) : null}::jsonb, ${decision.notes.join(" ") || null})
    ON CONFLICT (sender, dedupe_key) DO NOTHING
    RETURNING ${ANNOUNCED_DELIVERY_COLUMNS}`;
}

const REQUEST_COLUMNS = Prisma.raw(PROP_TRADING_REQUEST_FIELDS.map((field) => field.column).join(", "));
const REQUEST_CAST: Record<RequestFieldKind, string> = {
  text: "",
  stage: '::"PropTradingStage"',
  decimal: "::numeric",
  timestamp: "",
  json: "::jsonb",
};

function insertRejection(rejection: PropTradingRejection): Prisma.Sql {
  const values = PROP_TRADING_REQUEST_FIELDS.map((field) => {
    const value = rejection[field.key];
    return Prisma.sql`${field.kind === "json" ? (value === null ? null : JSON.stringify(value)) : value}${Prisma.raw(REQUEST_CAST[field.kind])}`;
  });
  return Prisma.sql`
    INSERT INTO prop_trading_request (${REQUEST_COLUMNS}, status, search_text, delivery_id, received_at)
    SELECT ${Prisma.join(values)}, 'rejected', ${rejection.searchText}, d.id, d.received_at
    FROM d
    ON CONFLICT (stage, request_id) DO NOTHING
    RETURNING ${ANNOUNCED_REQUEST_COLUMNS}`;
}

const EXCHANGE_VALUE_COLUMNS = Prisma.raw(["status", "status_rank", ...EXCHANGE_FIELDS.map((field) => field.column)].join(", "));

const CAST: Record<FieldKind, string> = { text: "", decimal: "::numeric", bigint: "::bigint", boolean: "::boolean" };

function exchangeValues(update: ExchangeStatusUpdate): Prisma.Sql {
  const fields = EXCHANGE_FIELDS.map((field) => Prisma.sql`${update[field.key]}${Prisma.raw(CAST[field.kind])}`);
  return Prisma.sql`${update.status}, ${update.statusRank}, ${Prisma.join(fields)}`;
}

const TAKES_OVER = `(EXCLUDED.status_rank > cur.status_rank OR (EXCLUDED.status_rank = cur.status_rank AND cur.status_rank < ${TERMINAL_RANK}))`;

/**
 * How a callback updates the exchange's current state: it takes over when its status ranks higher,
 * or equally high but not terminal (the later of two equal steps wins); a terminal status is never
 * replaced. Fields the catalogue keeps once known are kept when a later callback leaves them out.
 * Built once: it never changes.
 */
const EXCHANGE_UPDATE = Prisma.raw(
  [
    ...[
      "status",
      "status_rank",
      ...EXCHANGE_FIELDS.filter((field) => field.update === "with-status").map((field) => field.column),
      "current_event_id",
    ].map((column) => `${column} = CASE WHEN ${TAKES_OVER} THEN EXCLUDED.${column} ELSE cur.${column} END`),
    ...EXCHANGE_FIELDS.filter((field) => field.update === "kept").map(
      ({ column }) =>
        `${column} = CASE WHEN ${TAKES_OVER} THEN COALESCE(EXCLUDED.${column}, cur.${column}) ELSE COALESCE(cur.${column}, EXCLUDED.${column}) END`,
    ),
    "status_changes = cur.status_changes + 1",
    "first_seen_at = LEAST(cur.first_seen_at, EXCLUDED.first_seen_at)",
    "last_update_at = GREATEST(cur.last_update_at, EXCLUDED.last_update_at)",
  ].join(",\n        "),
);

/** The timeline step, and the exchange's current state (see EXCHANGE_UPDATE). */
function insertExchangeStep(update: ExchangeStatusUpdate, callbackId: string | null): Prisma.Sql {
  return Prisma.sql`
    e AS (
      INSERT INTO exchange_status_event (exchange_id, delivery_id, callback_id, ${EXCHANGE_VALUE_COLUMNS}, received_at)
      SELECT ${update.exchangeId}::bigint, d.id, ${callbackId}, ${exchangeValues(update)}, d.received_at
      FROM d
      RETURNING id, received_at
    ),
    x AS (
      INSERT INTO exchange AS cur (exchange_id, ${EXCHANGE_VALUE_COLUMNS}, first_seen_at, last_update_at, status_changes, current_event_id)
      SELECT ${update.exchangeId}::bigint, ${exchangeValues(update)}, e.received_at, e.received_at, 1, e.id
      FROM e
      ON CONFLICT (exchange_id) DO UPDATE SET
        ${EXCHANGE_UPDATE}
      RETURNING ${ANNOUNCED_EXCHANGE_COLUMNS}
    )`;
}

/** A repeat of a stored delivery: kept too, pointing at the first, without touching domain rows. */
async function storeDuplicate(received: ReceivedDelivery, decision: IntakeDecision): Promise<StoredDelivery> {
  const rows = await run<{ id: string; original_id: string | null; original_outcome: DeliveryOutcome | null }>(Prisma.sql`
    WITH original AS (
      SELECT id, outcome FROM delivery WHERE sender = ${received.sender}::"Sender" AND dedupe_key = ${decision.dedupeKey}
    ), inserted AS (
      INSERT INTO delivery (sender, event_type, received_at, raw_body, body_sha256, headers, signature_form, callback_id, outcome, duplicate_of_id, note)
      VALUES (${received.sender}::"Sender", ${decision.eventType}, ${received.receivedAt}, ${received.rawBody}, ${received.bodySha256},
              ${JSON.stringify(received.headers)}::jsonb, ${received.signatureForm}, ${decision.callbackId}, 'duplicate',
              (SELECT id FROM original), ${decision.notes.join(" ") || null})
      RETURNING ${ANNOUNCED_DELIVERY_COLUMNS}
    )
    SELECT inserted.id, original.id AS original_id, original.outcome AS original_outcome ${announcement("inserted", null)}
    FROM inserted LEFT JOIN original ON true`);
  const row = rows[0];
  if (!row) throw new Error("Storing a duplicate delivery returned no row");
  return {
    deliveryId: BigInt(row.id),
    outcome: "duplicate",
    original:
      row.original_id !== null && row.original_outcome ? { deliveryId: BigInt(row.original_id), outcome: row.original_outcome } : undefined,
  };
}

/**
 * Stores one verified delivery and its projection in a single SQL statement: one round trip, atomic,
 * and safe under concurrency — the unique (sender, dedupe_key) makes a concurrent repeat wait for
 * the first and then find it. Only a repeat takes a second statement.
 */
export async function storeDelivery(received: ReceivedDelivery, decision: IntakeDecision): Promise<StoredDelivery> {
  const rows = await run<{ id: string; projected: number }>(withProjection(insertDelivery(received, decision), decision));
  const row = rows[0];
  if (!row) return storeDuplicate(received, decision);
  const deliveryId = BigInt(row.id);
  if (decision.kind === "project" && row.projected === 0) {
    // The domain row already exists although its delivery key was new (its delivery was purged).
    await run(
      Prisma.sql`UPDATE delivery SET outcome = 'duplicate', dedupe_key = NULL, note = 'Already recorded under an earlier delivery.' WHERE id = ${row.id}::bigint`,
    );
    return { deliveryId, outcome: "duplicate" };
  }
  return { deliveryId, outcome: OUTCOME_OF[decision.kind] };
}

/**
 * One statement: `deliveryRow` (an INSERT or UPDATE of delivery returning ANNOUNCED_DELIVERY_COLUMNS)
 * as CTE `d`, and the decision's projection from it; it announces them on the live console's change
 * feed as it commits. Returns the delivery id and how many domain rows it wrote.
 */
export function withProjection(deliveryRow: Prisma.Sql, decision: IntakeDecision): Prisma.Sql {
  if (decision.kind === "project" && decision.projection.kind === "prop-trading-rejection") {
    return Prisma.sql`
      WITH d AS (${deliveryRow}), p AS (${insertRejection(decision.projection)})
      SELECT d.id, (SELECT count(*) FROM p)::int AS projected ${announcement("d", "request")} FROM d`;
  }
  if (decision.kind === "project" && decision.projection.kind === "exchange-status-update") {
    return Prisma.sql`
      WITH d AS (${deliveryRow}), ${insertExchangeStep(decision.projection, decision.callbackId)}
      SELECT d.id, (SELECT count(*) FROM x)::int AS projected ${announcement("d", "exchange")} FROM d`;
  }
  return Prisma.sql`WITH d AS (${deliveryRow}) SELECT d.id, 0 AS projected ${announcement("d", null)} FROM d`;
}

export { OUTCOME_OF };
