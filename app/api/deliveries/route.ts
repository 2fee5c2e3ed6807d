// GET /api/deliveries — the delivery log as JSON, same query parameters as the page.
import { staffRoute } from "@/lib/auth/staff-route";
import { findDeliveries } from "@/lib/queries/deliveries";
import { deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(deliveriesQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  return listResponse(() => findDeliveries(staff, parsed.query));
});
