// GET /api/exchanges/export — every exchange matching the page's filters, as CSV (or, with
// ?format=xlsx, as a workbook).
import { exchangesList } from "@/lib/queries/exchanges";
import { listExportRoute } from "@/lib/queries/list-routes";

export const GET = listExportRoute(exchangesList);
