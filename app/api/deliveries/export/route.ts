// GET /api/deliveries/export — every delivery matching the page's filters (never their bodies), as
// CSV (or, with ?format=xlsx, as a workbook).
import { deliveriesList } from "@/lib/queries/deliveries";
import { listExportRoute } from "@/lib/queries/list-routes";

export const GET = listExportRoute(deliveriesList);
