import "server-only";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import type { AUDIT_ACTIONS } from "@/lib/queries/audit-log-schema";

/** Declared once, with the audit log's filter (lib/queries/audit-log-schema.ts). */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  action: AuditAction;
  actorId?: string | null;
  actorEmail?: string | null;
  ipAddress?: string | null;
  details?: Record<string, unknown>;
}

/** Appends one entry to the audit log (never updated or deleted by the application). */
export async function recordAudit(entry: AuditEntry): Promise<void> {
  await db().auditLog.create({
    data: {
      action: entry.action,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      ipAddress: entry.ipAddress ?? null,
      details: (entry.details ?? {}) as object,
    },
  });
  log.info({ audit: entry.action, actorId: entry.actorId ?? undefined }, "audit");
}
