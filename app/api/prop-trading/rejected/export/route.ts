// GET /api/prop-trading/rejected/export — every rejected request matching the page's filters, as CSV.
import type { NextRequest } from "next/server";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { parseListQuery } from "@/lib/queries/list-query";
import { rejectedPropTradingExportSelect } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";

export function GET(request: NextRequest): Promise<Response> {
  const query = parseListQuery(rejectedPropTradingQuery, request.nextUrl.searchParams);
  return streamCsvExport({ name: "rejected-prop-trading", select: rejectedPropTradingExportSelect(query) });
}
