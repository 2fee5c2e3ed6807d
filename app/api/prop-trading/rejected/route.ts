// GET /api/prop-trading/rejected — the rejected prop-trading list as JSON, same query parameters as the page.
import { staffRoute } from "@/lib/auth/staff-route";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";
import { findRejectedPropTradingRequests } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(rejectedPropTradingQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  return listResponse(() => findRejectedPropTradingRequests(staff, parsed.query));
});
