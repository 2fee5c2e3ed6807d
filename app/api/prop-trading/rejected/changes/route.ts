// GET /api/prop-trading/rejected/changes?ids=… — rows of the rejected prop-trading requests the live console heard changed, with whether each matches the page's filters.

import { listChangesRoute } from "@/lib/queries/list-routes";
import { rejectedPropTradingList } from "@/lib/queries/rejected-prop-trading";

export const GET = listChangesRoute(rejectedPropTradingList);
