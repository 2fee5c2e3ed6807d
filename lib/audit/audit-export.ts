import "server-only";
import { clientIp } from "@/lib/auth/client-ip";
import type { StaffSession } from "@/lib/auth/session";
import { recordAudit } from "./audit-log";

/** Who exported which list, with which filters, and how many rows went out. */
export function auditExport(
  staff: StaffSession,
  request: Request,
  export_: { list: string; filters: Record<string, unknown>; rows: number },
): Promise<void> {
  const filters = Object.fromEntries(
    Object.entries(export_.filters).filter(([key, value]) => key !== "page" && key !== "cursor" && value !== undefined),
  );
  return recordAudit({
    action: "export",
    actorId: staff.user.id,
    actorEmail: staff.user.email,
    ipAddress: clientIp(request.headers),
    details: { list: export_.list, filters, rows: export_.rows },
  });
}
