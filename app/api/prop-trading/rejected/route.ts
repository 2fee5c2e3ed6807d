// GET /api/prop-trading/rejected — the rejected prop-trading list as JSON, same query parameters as the page.
import { listJsonRoute } from "@/lib/queries/list-routes";
import { rejectedPropTradingList } from "@/lib/queries/rejected-prop-trading";

export const GET = listJsonRoute(rejectedPropTradingList);
