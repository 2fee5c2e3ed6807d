import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import type { ExportQuery } from "@/lib/csv/export-columns";
import { Prisma } from "@/lib/db/generated/client";
import type { AuditLogQuery } from "./audit-log-schema";
import { auditLogQuery } from "./audit-log-schema";
import { fetchPage, type Page } from "./keyset-page";
import type { ListDeclaration } from "./list-declaration";
import { splitSort } from "./list-query";
import { dayRangeConditions, likePattern } from "./sql";

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actorEmail: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
}

/** The filters as SQL conditions (`AND …`): who (part of the e-mail), what, when. */
export function auditLogWhere(query: AuditLogQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.action) conditions.push(Prisma.sql`a.action = ${query.action}`);
  if (query.user) conditions.push(Prisma.sql`lower(a.actor_email) LIKE ${likePattern(query.user)}`);
  conditions.push(...dayRangeConditions("a.at", query.from, query.to));
  return conditions.length > 0 ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty;
}

export async function findAuditEntries(staff: StaffSession, query: AuditLogQuery): Promise<Page<AuditRow>> {
  authorize(staff, "admin");
  const page = await fetchPage<{
    id: bigint;
    sort_value: string;
    at: Date;
    action: string;
    actor_email: string | null;
    ip_address: string | null;
    details: Record<string, unknown>;
  }>({
    from: Prisma.sql`FROM audit_log a`,
    select: Prisma.sql`a.id, a.at, a.action, a.actor_email, a.ip_address, a.details`,
    where: auditLogWhere(query),
    idColumn: "a.id",
    sort: { sql: "a.at", kind: "timestamp", nullable: false },
    direction: splitSort(query.sort).direction,
    page: query.page,
    cursor: query.cursor,
  });
  return {
    ...page,
    rows: page.rows.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      action: row.action,
      actorEmail: row.actor_email,
      ipAddress: row.ip_address,
      details: row.details,
    })),
  };
}

/** Every matching entry, in the list's order. */
export function auditLogExport(query: AuditLogQuery): ExportQuery {
  const order = splitSort(query.sort).direction.toUpperCase();
  return {
    columns: [
      { header: "entry_id", sql: "a.id", kind: "code" },
      { header: "at_utc", sql: "a.at", kind: "timestamp" },
      { header: "action", sql: "a.action", kind: "code" },
      { header: "actor_email", sql: "a.actor_email", kind: "text" },
      { header: "ip_address", sql: "a.ip_address", kind: "text" },
      { header: "details", sql: "a.details::text", kind: "text" },
    ],
    rest: Prisma.sql`FROM audit_log a WHERE TRUE ${auditLogWhere(query)} ORDER BY ${Prisma.raw(`a.at ${order}, a.id ${order}`)}`,
  };
}

/** The audit log, declared once for its page, JSON route and exports: administrators only. */
export const auditLogList: ListDeclaration<typeof auditLogQuery, AuditRow> = {
  name: "audit-log",
  schema: auditLogQuery,
  role: "admin",
  find: findAuditEntries,
  exportQuery: auditLogExport,
};
