// GET /api/prop-trading/rejected/export — every rejected request matching the page's filters, as CSV
// (or, with ?format=xlsx, as a workbook).
import { listExportRoute } from "@/lib/queries/list-routes";
import { rejectedPropTradingList } from "@/lib/queries/rejected-prop-trading";

export const GET = listExportRoute(rejectedPropTradingList);
