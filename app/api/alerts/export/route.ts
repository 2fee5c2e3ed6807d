// GET /api/alerts/export — every alert matching the list's filters, as CSV (or ?format=xlsx); audited.
import { alertsList } from "@/lib/queries/alerts";
import { listExportRoute } from "@/lib/queries/list-routes";

export const GET = listExportRoute(alertsList);
