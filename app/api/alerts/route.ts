// GET /api/alerts — the alerts list as JSON, same query parameters as the page.
import { alertsList } from "@/lib/queries/alerts";
import { listJsonRoute } from "@/lib/queries/list-routes";

export const GET = listJsonRoute(alertsList);
