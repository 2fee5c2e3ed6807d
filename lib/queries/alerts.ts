import "server-only";
import { ruleDefinition } from "@/lib/alerts/rules";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { ExportQuery } from "@/lib/csv/export-columns";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { type AlertsQuery, alertsQuery } from "./alerts-schema";
import { fetchPage, type Page } from "./keyset-page";
import type { ListDeclaration } from "./list-declaration";
import { splitSort } from "./list-query";
import { dayRangeConditions, likePattern } from "./sql";

export interface AlertRow {
  id: string;
  rule: string;
  ruleTitle: string;
  state: "firing" | "acknowledged" | "resolved";
  summary: string;
  subject: Record<string, unknown>;
  occurrences: number;
  firedAt: string;
  lastSeenAt: string;
  acknowledgedBy: string | null;
  assignedTo: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** The filters as SQL conditions (`AND …`). */
export function alertsWhere(query: AlertsQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.state.length > 0) conditions.push(Prisma.sql`a.state::text IN (${Prisma.join(query.state)})`);
  if (query.rule.length > 0) conditions.push(Prisma.sql`a.rule_id IN (${Prisma.join(query.rule)})`);
  if (query.subject)
    conditions.push(
      Prisma.sql`(lower(a.subject_key) LIKE ${likePattern(query.subject)} OR lower(a.summary) LIKE ${likePattern(query.subject)})`,
    );
  conditions.push(...dayRangeConditions("a.fired_at", query.from, query.to));
  return conditions.length > 0 ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

const ALERT_COLUMNS = Prisma.sql`a.id, a.rule_id, a.state::text AS state, a.summary, a.subject, a.occurrences, a.fired_at, a.last_seen_at,
  a.acknowledged_by, a.assigned_to, a.resolved_at, a.resolved_by`;

interface AlertSqlRow {
  id: bigint;
  rule_id: string;
  state: AlertRow["state"];
  summary: string;
  subject: Record<string, unknown>;
  occurrences: number;
  fired_at: Date;
  last_seen_at: Date;
  acknowledged_by: string | null;
  assigned_to: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
}

function toAlertRow(row: AlertSqlRow): AlertRow {
  return {
    id: row.id.toString(),
    rule: row.rule_id,
    ruleTitle: ruleDefinition(row.rule_id)?.title ?? row.rule_id,
    state: row.state,
    summary: row.summary,
    subject: row.subject,
    occurrences: row.occurrences,
    firedAt: row.fired_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    acknowledgedBy: row.acknowledged_by,
    assignedTo: row.assigned_to,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
  };
}

export async function findAlerts(staff: StaffSession, query: AlertsQuery): Promise<Page<AlertRow>> {
  authorize(staff);
  const page = await fetchPage<AlertSqlRow & { sort_value: string }>({
    from: Prisma.sql`FROM alert a`,
    select: ALERT_COLUMNS,
    where: alertsWhere(query),
    idColumn: "a.id",
    sort: { sql: "a.fired_at", kind: "timestamp", nullable: false },
    direction: splitSort(query.sort).direction,
    page: query.page,
    cursor: query.cursor,
  });
  return { ...page, rows: page.rows.map(toAlertRow) };
}

/** Every matching alert, in the list's order. */
export function alertsExport(query: AlertsQuery): ExportQuery {
  const order = splitSort(query.sort).direction.toUpperCase();
  return {
    columns: [
      { header: "alert_id", sql: "a.id", kind: "code" },
      { header: "rule", sql: "a.rule_id", kind: "code" },
      { header: "state", sql: "a.state::text", kind: "code" },
      { header: "subject", sql: "a.subject_key", kind: "text" },
      { header: "summary", sql: "a.summary", kind: "text" },
      { header: "occurrences", sql: "a.occurrences", kind: "integer" },
      { header: "fired_utc", sql: "a.fired_at", kind: "timestamp" },
      { header: "last_seen_utc", sql: "a.last_seen_at", kind: "timestamp" },
      { header: "acknowledged_by", sql: "a.acknowledged_by", kind: "text" },
      { header: "assigned_to", sql: "a.assigned_to", kind: "text" },
      { header: "resolved_utc", sql: "a.resolved_at", kind: "timestamp" },
      { header: "resolved_by", sql: "a.resolved_by", kind: "text" },
    ],
    rest: Prisma.sql`FROM alert a WHERE TRUE ${alertsWhere(query)} ORDER BY ${Prisma.raw(`a.fired_at ${order}, a.id ${order}`)}`,
  };
}

/** The alerts list, declared once for its page, JSON route and exports. */
export const alertsList: ListDeclaration<typeof alertsQuery, AlertRow> = {
  name: "alerts",
  schema: alertsQuery,
  role: "viewer",
  find: findAlerts,
  exportQuery: alertsExport,
};

/** How many alerts are firing (not acknowledged): the navigation's count. */
export async function countFiringAlerts(staff: StaffSession): Promise<number> {
  authorize(staff);
  return db().alert.count({ where: { state: "firing" } });
}

export interface AlertDetail extends AlertRow {
  acknowledgedAt: string | null;
  events: { id: string; at: string; kind: string; actor: string | null; note: string | null }[];
  notifications: {
    id: string;
    channel: { id: string; name: string; kind: string };
    transition: string;
    idempotencyKey: string;
    state: string;
    attempts: { id: string; at: string; ok: boolean; status: number | null; latencyMs: number; error: string | null }[];
    nextAttemptAt: string;
  }[];
  /** Whom the reader may assign it to: anyone, for an administrator (who sees the staff list); themselves otherwise. */
  assignable: string[];
}

export async function findAlert(staff: StaffSession, id: string): Promise<AlertDetail | undefined> {
  authorize(staff);
  if (!/^\d{1,18}$/.test(id)) return undefined;
  const rows = await db().$queryRaw<(AlertSqlRow & { acknowledged_at: Date | null })[]>`
    SELECT ${ALERT_COLUMNS}, a.acknowledged_at FROM alert a WHERE a.id = ${id}::bigint`;
  const row = rows[0];
  if (!row) return undefined;
  const [events, notifications, colleagues] = await Promise.all([
    db().alertEvent.findMany({ where: { alertId: row.id }, orderBy: [{ at: "asc" }, { id: "asc" }] }),
    db().notification.findMany({
      where: { alertId: row.id },
      orderBy: { id: "asc" },
      include: { channel: { select: { id: true, name: true, kind: true } }, attemptLog: { orderBy: { id: "asc" } } },
    }),
    staff.user.role === "admin"
      ? db().user.findMany({ where: { banned: { not: true } }, select: { email: true }, orderBy: { email: "asc" } })
      : Promise.resolve([{ email: staff.user.email }]),
  ]);
  return {
    ...toAlertRow(row),
    acknowledgedAt: row.acknowledged_at?.toISOString() ?? null,
    events: events.map((event) => ({
      id: event.id.toString(),
      at: event.at.toISOString(),
      kind: event.kind,
      actor: event.actor,
      note: event.note,
    })),
    // Channels are administrators' configuration: a viewer sees that notifications went out, and how, not where to.
    notifications: notifications.map((notification) => ({
      id: notification.id.toString(),
      channel:
        staff.user.role === "admin"
          ? { id: notification.channel.id.toString(), name: notification.channel.name, kind: notification.channel.kind }
          : { id: "", name: "a channel", kind: notification.channel.kind },
      transition: notification.transition,
      idempotencyKey: staff.user.role === "admin" ? notification.idempotencyKey : "—",
      state: notification.state,
      nextAttemptAt: notification.nextAttemptAt.toISOString(),
      attempts: notification.attemptLog.map((attempt) => ({
        id: attempt.id.toString(),
        at: attempt.at.toISOString(),
        ok: attempt.ok,
        status: attempt.status,
        latencyMs: attempt.latencyMs,
        error: staff.user.role === "admin" ? attempt.error : attempt.error ? "failed (details for administrators)" : null,
      })),
    })),
    assignable: colleagues.map((colleague) => colleague.email),
  };
}
