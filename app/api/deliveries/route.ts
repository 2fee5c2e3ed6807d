// GET /api/deliveries — the delivery log as JSON, same query parameters as the page.
import { deliveriesList } from "@/lib/queries/deliveries";
import { listJsonRoute } from "@/lib/queries/list-routes";

export const GET = listJsonRoute(deliveriesList);
