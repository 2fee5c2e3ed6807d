// GET /api/exchanges — the exchanges list as JSON, same query parameters as the page.
import type { NextRequest } from "next/server";
import { findExchanges } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { parseListQuery } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";

export function GET(request: NextRequest): Promise<Response> {
  const query = parseListQuery(exchangesQuery, request.nextUrl.searchParams);
  return listResponse(() => findExchanges(query));
}
