// GET /api/exchanges/export — every exchange matching the page's filters, as CSV.
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangesExportSelect } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { badQueryResponse, parseListQueryStrictly } from "@/lib/queries/list-query";

export const GET = staffRoute("viewer", async (staff, request) => {
  const parsed = parseListQueryStrictly(exchangesQuery, request.nextUrl.searchParams);
  if (!parsed.ok) return badQueryResponse(parsed.problems);
  return streamCsvExport({
    staff,
    name: "exchanges",
    select: exchangesExportSelect(parsed.query),
    onSettled: (outcome) => auditExport(staff, { list: "exchanges", filters: parsed.query, outcome }),
  });
});
