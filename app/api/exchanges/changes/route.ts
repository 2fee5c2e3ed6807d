// GET /api/exchanges/changes?ids=… — rows of the exchanges the live console heard changed, with whether each matches the page's filters.
import { exchangesList } from "@/lib/queries/exchanges";
import { listChangesRoute } from "@/lib/queries/list-routes";

export const GET = listChangesRoute(exchangesList);
