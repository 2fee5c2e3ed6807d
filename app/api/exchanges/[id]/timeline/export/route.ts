// GET /api/exchanges/:id/timeline/export — one exchange's status timeline, as CSV.
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangeTimelineExportSelect } from "@/lib/queries/exchanges";

export async function GET(_request: Request, context: RouteContext<"/api/exchanges/[id]/timeline/export">): Promise<Response> {
  const { id } = await context.params;
  if (!/^\d{1,18}$/.test(id)) return Response.json({ error: "not_found" }, { status: 404 });
  return streamCsvExport({ name: `exchange-${id}-timeline`, select: exchangeTimelineExportSelect(id) });
}
