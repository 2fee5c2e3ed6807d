import "server-only";
import type { StaffSession } from "@/lib/auth/staff-session";
import type { ExportOutcome } from "@/lib/csv/stream-csv-export";
import { recordAudit } from "./audit-log";

/** Who exported which list, with which filters, how many rows went out, and whether the file is whole. */
export function auditExport(
  staff: StaffSession,
  export_: { list: string; format: "csv" | "xlsx"; filters: Record<string, unknown>; outcome: ExportOutcome },
): Promise<void> {
  const filters = Object.fromEntries(
    Object.entries(export_.filters).filter(([key, value]) => key !== "page" && key !== "cursor" && value !== undefined),
  );
  const { outcome } = export_;
  return recordAudit({
    action: "export",
    actorId: staff.user.id,
    actorEmail: staff.user.email,
    ipAddress: staff.ipAddress,
    details: {
      list: export_.list,
      format: export_.format,
      filters,
      rows: outcome.rows,
      ...(outcome.status === "complete"
        ? {}
        : { incomplete: outcome.status, ...(outcome.status === "failed" ? { reason: outcome.reason } : {}) }),
    },
  });
}
