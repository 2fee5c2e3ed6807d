// GET /api/prop-trading/rejected/export — every rejected request matching the page's filters, as CSV
// (or, with ?format=xlsx, as a spreadsheet).
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";
import { rejectedPropTradingExport } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(rejectedPropTradingQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  const format = exportFormatOf(request.nextUrl.searchParams);
  if (format instanceof Response) return format;
  return streamExport({
    staff,
    format,
    name: "rejected-prop-trading",
    query: rejectedPropTradingExport(parsed.query),
    onSettled: (outcome) => auditExport(staff, { list: "rejected-prop-trading", format, filters: parsed.query, outcome }),
  });
});
