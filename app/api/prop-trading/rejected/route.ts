// GET /api/prop-trading/rejected — the rejected prop-trading list as JSON, same query parameters as the page.
import type { NextRequest } from "next/server";
import { requireStaffApi } from "@/lib/auth/session";
import { parseListQuery } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";
import { findRejectedPropTradingRequests } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export async function GET(request: NextRequest): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const query = parseListQuery(rejectedPropTradingQuery, request.nextUrl.searchParams);
  return listResponse(() => findRejectedPropTradingRequests(query));
}
