// GET /api/prop-trading/rejected/export — every rejected request matching the page's filters, as CSV.
import type { NextRequest } from "next/server";
import { auditExport } from "@/lib/audit/audit-export";
import { requireStaffApi } from "@/lib/auth/session";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { parseListQuery } from "@/lib/queries/list-query";
import { rejectedPropTradingExportSelect } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export async function GET(request: NextRequest): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const query = parseListQuery(rejectedPropTradingQuery, request.nextUrl.searchParams);
  return streamCsvExport({
    name: "rejected-prop-trading",
    select: rejectedPropTradingExportSelect(query),
    onFinished: (rows) => auditExport(staff, request, { list: "rejected-prop-trading", filters: query, rows }),
  });
}
