// GET /api/prop-trading/rejected/export — every rejected request matching the page's filters, as CSV.
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";
import { rejectedPropTradingExportSelect } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(rejectedPropTradingQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  return streamCsvExport({
    staff,
    name: "rejected-prop-trading",
    select: rejectedPropTradingExportSelect(parsed.query),
    onSettled: (outcome) => auditExport(staff, { list: "rejected-prop-trading", filters: parsed.query, outcome }),
  });
});
