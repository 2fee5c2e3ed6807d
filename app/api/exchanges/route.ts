// GET /api/exchanges — the exchanges list as JSON, same query parameters as the page.
import { exchangesList } from "@/lib/queries/exchanges";
import { listJsonRoute } from "@/lib/queries/list-routes";

export const GET = listJsonRoute(exchangesList);
