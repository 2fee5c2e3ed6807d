import "server-only";
import { authorize, type StaffSession } from "@/lib/auth/staff-session";
import { Prisma } from "@/lib/db/generated/client";
import type { AuditLogQuery } from "./audit-log-schema";
import { fetchPage, type Page } from "./keyset-page";
import { splitSort } from "./list-query";
import { dayRangeConditions } from "./sql";

export interface AuditRow {
  id: string;
  at: string;
  action: string;
  actorEmail: string | null;
  ipAddress: string | null;
  details: Record<string, unknown>;
}

export async function findAuditEntries(staff: StaffSession, query: AuditLogQuery): Promise<Page<AuditRow>> {
  authorize(staff, "admin");
  const conditions: Prisma.Sql[] = [];
  if (query.action) conditions.push(Prisma.sql`a.action = ${query.action}`);
  if (query.user) conditions.push(Prisma.sql`a.actor_email = ${query.user.toLowerCase()}`);
  conditions.push(...dayRangeConditions("a.at", query.from, query.to));
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
    where: conditions.length > 0 ? Prisma.sql`AND ${Prisma.join(conditions, " AND ")}` : Prisma.empty,
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
