// GET /api/deliveries/changes?ids=… — rows of the delivery log the live console heard changed, with whether each matches the page's filters.
import { deliveriesList } from "@/lib/queries/deliveries";
import { listChangesRoute } from "@/lib/queries/list-routes";

export const GET = listChangesRoute(deliveriesList);
