// GET /api/admin/audit/export — every audit entry matching the page's filters, as CSV (or, with
// ?format=xlsx, as a workbook); administrators only, and itself audited.
import { auditLogList } from "@/lib/queries/audit-log";
import { listExportRoute } from "@/lib/queries/list-routes";

export const GET = listExportRoute(auditLogList);
