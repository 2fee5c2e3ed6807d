// GET /api/deliveries — the delivery log as JSON, same query parameters as the page.
import type { NextRequest } from "next/server";
import { requireStaffApi } from "@/lib/auth/session";
import { findDeliveries } from "@/lib/queries/deliveries";
import { deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { parseListQuery } from "@/lib/queries/list-query";
import { listResponse } from "@/lib/queries/list-response";

export async function GET(request: NextRequest): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const query = parseListQuery(deliveriesQuery, request.nextUrl.searchParams);
  return listResponse(() => findDeliveries(query));
}
