// GET /api/exchanges/export — every exchange matching the page's filters, as CSV.
import type { NextRequest } from "next/server";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangesExportSelect } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { parseListQuery } from "@/lib/queries/list-query";

export function GET(request: NextRequest): Promise<Response> {
  const query = parseListQuery(exchangesQuery, request.nextUrl.searchParams);
  return streamCsvExport({ name: "exchanges", select: exchangesExportSelect(query) });
}
