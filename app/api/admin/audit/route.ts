// GET /api/admin/audit — the audit log as JSON, same query parameters as its page (administrators only).
import { auditLogList } from "@/lib/queries/audit-log";
import { listJsonRoute } from "@/lib/queries/list-routes";

export const GET = listJsonRoute(auditLogList);
