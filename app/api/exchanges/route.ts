// GET /api/exchanges — the exchanges list as JSON, same query parameters as the page.
import { staffRoute } from "@/lib/auth/staff-route";
import { findExchanges } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(exchangesQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  return listResponse(() => findExchanges(staff, parsed.query));
});
