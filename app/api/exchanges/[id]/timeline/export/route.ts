// GET /api/exchanges/:id/timeline/export — one exchange's status timeline, as CSV (or, with
// ?format=xlsx, as a spreadsheet).
import { auditExport } from "@/lib/audit/audit-export";
import { staffRoute } from "@/lib/auth/staff-route";
import { exportFormatOf, streamExport } from "@/lib/csv/stream-export";
import { exchangeTimelineExport } from "@/lib/queries/exchanges";

export const GET = staffRoute<RouteContext<"/api/exchanges/[id]/timeline/export">>("viewer", async (staff, request, context) => {
  const { id } = await context.params;
  if (!/^\d{1,18}$/.test(id)) return Response.json({ error: "not_found" }, { status: 404 });
  const format = exportFormatOf(request.nextUrl.searchParams);
  if (format instanceof Response) return format;
  return streamExport({
    staff,
    format,
    name: `exchange-${id}-timeline`,
    query: exchangeTimelineExport(id),
    onSettled: (outcome) => auditExport(staff, { list: "exchange-timeline", format, filters: { exchangeId: id }, outcome }),
  });
});
