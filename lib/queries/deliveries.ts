import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { ExportQuery } from "@/lib/csv/export-columns";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { DeliveriesQuery, DeliveryOutcomeName } from "./deliveries-schema";
import { deliveriesQuery } from "./deliveries-schema";
import { distinctValues } from "./distinct-values";
import { fetchPage, fetchRowsByIds, type Page, type PageRequest } from "./keyset-page";
import type { ChangedRow, ListDeclaration } from "./list-declaration";
import { splitSort } from "./list-query";
import { dayRangeConditions, isRowId } from "./sql";

export function deliveriesWhere(query: DeliveriesQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.sender) conditions.push(Prisma.sql`d.sender = ${query.sender}::"Sender"`);
  if (query.type) conditions.push(Prisma.sql`d.event_type = ${query.type}`);
  if (query.outcome.length > 0)
    conditions.push(Prisma.sql`d.outcome IN (${Prisma.join(query.outcome.map((outcome) => Prisma.sql`${outcome}::"DeliveryOutcome"`))})`);
  conditions.push(...dayRangeConditions("d.received_at", query.from, query.to));
  if (query.q) {
    // A delivery id, a banking callback Id, or the start of a body's SHA-256 — at least 8 hex
    // digits of it, as typed: a short number is an id, not the prefix of a sixteenth of all bodies.
    const q = query.q.trim();
    const byId = isRowId(q) ? Prisma.sql`d.id = ${q}::bigint OR ` : Prisma.empty;
    const byHash = /^[0-9a-f]{8,64}$/i.test(q) ? Prisma.sql` OR d.body_sha256 LIKE ${`${q.toLowerCase()}%`}` : Prisma.empty;
    conditions.push(Prisma.sql`(${byId}d.callback_id = ${q}${byHash})`);
  }
  return conditions.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(conditions, " AND ")}`;
}

export interface DeliveryRow {
  id: string;
  sender: "crm" | "banking";
  eventType: string;
  receivedAt: string;
  outcome: DeliveryOutcomeName;
  bytes: number;
  callbackId: string | null;
  duplicateOfId: string | null;
  quarantineReason: string | null;
  note: string | null;
  signatureForm: string;
  /** What the delivery is about, from its projection (or its original's), else read from its body. */
  about: DeliverySubject;
  dismissal: { at: string; by: string; reason: string } | null;
}

export interface DeliverySubject {
  /** The rejected prop-trading request's row, when the delivery (or the one it repeats) was projected into one. */
  requestRowId?: string;
  requestId?: string;
  crmUserId?: string;
  exchangeId?: string;
}

interface DeliverySqlRow {
  id: bigint;
  sort_value?: string | null;
  sender: "crm" | "banking";
  event_type: string;
  received_at: Date;
  outcome: DeliveryOutcomeName;
  bytes: number;
  callback_id: string | null;
  duplicate_of_id: bigint | null;
  quarantine_reason: string | null;
  note: string | null;
  signature_form: string;
  about_request: { row: string; requestId: string; userId: string } | null;
  about_exchange: string | null;
  about_body: { user?: string | null; request?: string | null; exchange?: string | null } | null;
  dismissed_at: Date | null;
  dismissed_by: string | null;
  dismissal_reason: string | null;
}

// What a delivery is about: the row it (or the delivery it repeats) was projected into; failing
// that, the ids its body names — read only for the rows shown (try_json is costly, so PostgreSQL
// computes it after the LIMIT).
const DELIVERY_COLUMNS = Prisma.sql`d.id, d.sender::text AS sender, d.event_type, d.received_at, d.outcome::text AS outcome,
  octet_length(d.raw_body) AS bytes, d.callback_id, d.duplicate_of_id, d.quarantine_reason, d.note, d.signature_form,
  d.dismissed_at, d.dismissed_by, d.dismissal_reason,
  (SELECT json_build_object('row', r.id::text, 'requestId', r.request_id, 'userId', r.user_id)
     FROM prop_trading_request r WHERE r.delivery_id = coalesce(d.duplicate_of_id, d.id)) AS about_request,
  (SELECT e.exchange_id::text FROM exchange_status_event e WHERE e.delivery_id = coalesce(d.duplicate_of_id, d.id)) AS about_exchange,
  CASE WHEN d.outcome IN ('quarantined', 'stored_unprojected', 'dismissed', 'duplicate') THEN (
    SELECT json_build_object('user', j #>> '{data,user_id}', 'request', j #>> '{data,id}', 'exchange', j #>> '{Data,Id}')
    FROM try_json(d.raw_body) AS j WHERE jsonb_typeof(j) = 'object') END AS about_body`;

function toDeliveryRow(row: DeliverySqlRow): DeliveryRow {
  return {
    id: row.id.toString(),
    sender: row.sender,
    eventType: row.event_type,
    receivedAt: row.received_at.toISOString(),
    outcome: row.outcome,
    bytes: row.bytes,
    callbackId: row.callback_id,
    duplicateOfId: row.duplicate_of_id?.toString() ?? null,
    quarantineReason: row.quarantine_reason,
    note: row.note,
    signatureForm: row.signature_form,
    about: subjectOf(row),
    dismissal:
      row.dismissed_at && row.dismissed_by
        ? { at: row.dismissed_at.toISOString(), by: row.dismissed_by, reason: row.dismissal_reason ?? "" }
        : null,
  };
}

const shortId = (value: string | null | undefined) =>
  typeof value === "string" && value.length > 0 && value.length <= 100 ? value : undefined;

function subjectOf(row: DeliverySqlRow): DeliverySubject {
  if (row.about_request)
    return { requestRowId: row.about_request.row, requestId: row.about_request.requestId, crmUserId: row.about_request.userId };
  if (row.about_exchange) return { exchangeId: row.about_exchange };
  const body = row.about_body;
  if (!body) return {};
  if (row.sender === "crm") return { crmUserId: shortId(body.user), requestId: shortId(body.request) };
  const exchange = shortId(body.exchange);
  return exchange && isRowId(exchange) ? { exchangeId: exchange } : {};
}

function deliveriesPageRequest(query: DeliveriesQuery): PageRequest {
  return {
    from: Prisma.sql`FROM delivery d`,
    select: DELIVERY_COLUMNS,
    where: deliveriesWhere(query),
    idColumn: "d.id",
    sort: { sql: "d.received_at", kind: "timestamp", nullable: false },
    direction: splitSort(query.sort).direction,
    page: query.page,
    cursor: query.cursor,
  };
}

export async function findDeliveries(staff: StaffSession, query: DeliveriesQuery): Promise<Page<DeliveryRow>> {
  authorize(staff);
  const page = await fetchPage<DeliverySqlRow>(deliveriesPageRequest(query));
  return { ...page, rows: page.rows.map(toDeliveryRow) };
}

/** Deliveries the live console heard of (new, or their outcome changed), each with whether it matches the filters. */
export async function findChangedDeliveries(
  staff: StaffSession,
  query: DeliveriesQuery,
  ids: readonly string[],
): Promise<ChangedRow<DeliveryRow>[]> {
  authorize(staff);
  const rows = await fetchRowsByIds<DeliverySqlRow>(deliveriesPageRequest(query), ids);
  return rows.map(({ live_matches, ...row }) => ({ id: String(row.id), matches: live_matches, row: toDeliveryRow(row) }));
}

export interface DeliveryDetail extends DeliveryRow {
  headers: Record<string, string>;
  bodySha256: string;
  rawBody: string;
  /** The body is not valid UTF-8: shown with replacement characters, kept exactly in the database. */
  bodyNotUtf8: boolean;
  validationErrors: { path: string; message: string; value?: string }[] | null;
  duplicates: { id: string; receivedAt: string }[];
  projection: { kind: "prop-trading-request"; id: string } | { kind: "exchange"; exchangeId: string } | null;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8", { fatal: false });

export async function findDelivery(staff: StaffSession, id: string): Promise<DeliveryDetail | undefined> {
  authorize(staff);
  if (!isRowId(id)) return undefined;
  const [rows, duplicates] = await Promise.all([
    db().$queryRaw<
      (DeliverySqlRow & {
        headers: Record<string, string>;
        body_sha256: string;
        raw_body: Uint8Array;
        validation_errors: DeliveryDetail["validationErrors"];
        request_row: bigint | null;
        exchange_id: bigint | null;
      })[]
    >`
      SELECT ${DELIVERY_COLUMNS}, d.headers, d.body_sha256, d.raw_body, d.validation_errors,
        (SELECT r.id FROM prop_trading_request r WHERE r.delivery_id = d.id) AS request_row,
        (SELECT e.exchange_id FROM exchange_status_event e WHERE e.delivery_id = d.id) AS exchange_id
      FROM delivery d WHERE d.id = ${id}::bigint`,
    db().$queryRaw<
      { id: bigint; received_at: Date }[]
    >`SELECT id, received_at FROM delivery WHERE duplicate_of_id = ${id}::bigint ORDER BY id LIMIT 200`,
  ]);
  const row = rows[0];
  if (!row) return undefined;
  let rawBody: string;
  let bodyNotUtf8 = false;
  try {
    rawBody = strictUtf8.decode(row.raw_body);
  } catch {
    rawBody = lenientUtf8.decode(row.raw_body);
    bodyNotUtf8 = true;
  }
  return {
    ...toDeliveryRow(row),
    headers: row.headers,
    bodySha256: row.body_sha256,
    rawBody,
    bodyNotUtf8,
    validationErrors: row.validation_errors,
    duplicates: duplicates.map((duplicate) => ({ id: duplicate.id.toString(), receivedAt: duplicate.received_at.toISOString() })),
    projection:
      row.request_row !== null
        ? { kind: "prop-trading-request", id: row.request_row.toString() }
        : row.exchange_id !== null
          ? { kind: "exchange", exchangeId: row.exchange_id.toString() }
          : null,
  };
}

/** Every delivery matching the list's filters, newest first (or oldest, as the list is sorted). Never the bodies. */
export function deliveriesExport(query: DeliveriesQuery): ExportQuery {
  const order = splitSort(query.sort).direction.toUpperCase();
  return {
    columns: [
      { header: "delivery_id", sql: "d.id", kind: "code" },
      { header: "received_at_utc", sql: "d.received_at", kind: "timestamp" },
      { header: "sender", sql: "d.sender::text", kind: "code" },
      { header: "event_type", sql: "d.event_type", kind: "text" },
      { header: "outcome", sql: "d.outcome::text", kind: "code" },
      { header: "callback_id", sql: "d.callback_id", kind: "text" },
      { header: "duplicate_of", sql: "d.duplicate_of_id", kind: "code" },
      { header: "quarantine_reason", sql: "d.quarantine_reason", kind: "text" },
      { header: "note", sql: "d.note", kind: "text" },
      { header: "dismissed_by", sql: "d.dismissed_by", kind: "text" },
      { header: "dismissal_reason", sql: "d.dismissal_reason", kind: "text" },
      { header: "signature", sql: "d.signature_form", kind: "code" },
      { header: "bytes", sql: "octet_length(d.raw_body)", kind: "integer" },
      { header: "body_sha256", sql: "d.body_sha256", kind: "code" },
    ],
    rest: Prisma.sql`FROM delivery d WHERE TRUE ${deliveriesWhere(query)} ORDER BY ${Prisma.raw(`d.received_at ${order}, d.id ${order}`)}`,
  };
}

/** Event types seen, for the filter bar. */
export async function deliveryEventTypes(staff: StaffSession): Promise<string[]> {
  authorize(staff);
  const [crm, banking] = await Promise.all([
    distinctValues({ table: "delivery", column: "event_type", sender: "crm" }, 500),
    distinctValues({ table: "delivery", column: "event_type", sender: "banking" }, 500),
  ]);
  return [...new Set([...crm, ...banking])].sort();
}

/** The delivery log, declared once for its page, JSON route and exports. */
export const deliveriesList: ListDeclaration<typeof deliveriesQuery, DeliveryRow> = {
  name: "deliveries",
  schema: deliveriesQuery,
  role: "viewer",
  find: findDeliveries,
  exportQuery: deliveriesExport,
  live: { key: "delivery", findByIds: findChangedDeliveries },
};
