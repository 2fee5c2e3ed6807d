// GET /api/exchanges — the exchanges list as JSON, same query parameters as the page.
import type { NextRequest } from "next/server";
import { requireStaffApi } from "@/lib/auth/session";
import { findExchanges } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { parseListQuery } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";

export async function GET(request: NextRequest): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const query = parseListQuery(exchangesQuery, request.nextUrl.searchParams);
  return listResponse(() => findExchanges(query));
}
