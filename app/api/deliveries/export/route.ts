// GET /api/deliveries/export — every delivery matching the page's filters (never their bodies), as
// CSV (or, with ?format=xlsx, as a spreadsheet).
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import { deliveriesExport } from "@/lib/queries/deliveries";
import { deliveriesQuery } from "@/lib/queries/deliveries-schema";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(deliveriesQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  const format = exportFormatOf(request.nextUrl.searchParams);
  if (format instanceof Response) return format;
  return streamExport({
    staff,
    format,
    name: "deliveries",
    query: deliveriesExport(parsed.query),
    onSettled: (outcome) => auditExport(staff, { list: "deliveries", format, filters: parsed.query, outcome }),
  });
});
