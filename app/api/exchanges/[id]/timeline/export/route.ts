// GET /api/exchanges/:id/timeline/export — one exchange's status timeline, as CSV.
import { auditExport } from "@/lib/audit/audit-export";
import { requireStaffApi } from "@/lib/auth/session";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangeTimelineExportSelect } from "@/lib/queries/exchanges";

export async function GET(request: Request, context: RouteContext<"/api/exchanges/[id]/timeline/export">): Promise<Response> {
  const staff = await requireStaffApi(request);
  if (staff instanceof Response) return staff;
  const { id } = await context.params;
  if (!/^\d{1,18}$/.test(id)) return Response.json({ error: "not_found" }, { status: 404 });
  return streamCsvExport({
    name: `exchange-${id}-timeline`,
    select: exchangeTimelineExportSelect(id),
    onFinished: (rows) => auditExport(staff, request, { list: "exchange-timeline", filters: { exchangeId: id }, rows }),
  });
}
