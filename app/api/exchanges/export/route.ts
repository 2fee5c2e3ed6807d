// GET /api/exchanges/export — every exchange matching the page's filters, as CSV (or, with
// ?format=xlsx, as a spreadsheet).
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import { exchangesExport } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(exchangesQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  const format = exportFormatOf(request.nextUrl.searchParams);
  if (format instanceof Response) return format;
  return streamExport({
    staff,
    format,
    name: "exchanges",
    query: exchangesExport(parsed.query),
    onSettled: (outcome) => auditExport(staff, { list: "exchanges", format, filters: parsed.query, outcome }),
  });
});
