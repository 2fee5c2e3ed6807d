// GET /api/metrics — Prometheus text format, for monitoring systems; closed unless METRICS_TOKEN or
// METRICS_ALLOW_FROM is set (lib/metrics/scrape-access.ts). No staff session: a scraper has none.
import { appMetrics } from "@/lib/metrics/metrics";
import { metricsRefusal } from "@/lib/metrics/scrape-access";

export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  const refusal = metricsRefusal(request.headers);
  if (refusal) return refusal;
  const { registry } = appMetrics();
  return new Response(await registry.metrics(), { headers: { "Content-Type": registry.contentType, "Cache-Control": "no-store" } });
}
