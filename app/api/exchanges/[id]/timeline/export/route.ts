// GET /api/exchanges/:id/timeline/export — one exchange's status timeline, as CSV.
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { streamCsvExport } from "@/lib/csv/stream-csv-export";
import { exchangeTimelineExportSelect } from "@/lib/queries/exchanges";

export const GET = staffRoute<RouteContext<"/api/exchanges/[id]/timeline/export">>("viewer", async (staff, _request, context) => {
  const { id } = await context.params;
  if (!/^\d{1,18}$/.test(id)) return Response.json({ error: "not_found" }, { status: 404 });
  return streamCsvExport({
    staff,
    name: `exchange-${id}-timeline`,
    select: exchangeTimelineExportSelect(id),
    onSettled: (outcome) => auditExport(staff, { list: "exchange-timeline", filters: { exchangeId: id }, outcome }),
  });
});
