// GET /api/exchanges/export — every exchange matching the page's filters, as CSV.
import type { NextRequest } from "next/server";
import { auditExport } from "@/lib/audit/audit-export";
import { requireStaffApi } from "@/lib/auth/session";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangesExportSelect } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { parseListQuery } from "@/lib/queries/list-query";

export async function GET(request: NextRequest): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const query = parseListQuery(exchangesQuery, request.nextUrl.searchParams);
  return streamCsvExport({
    name: "exchanges",
    select: exchangesExportSelect(query),
    onFinished: (rows) => auditExport(staff, request, { list: "exchanges", filters: query, rows }),
  });
}
