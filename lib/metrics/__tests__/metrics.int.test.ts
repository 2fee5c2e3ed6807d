// GET /api/metrics: closed without configuration, refused without the token, and with it the
// Prometheus text format — parsed by an independent parser — with the signals the alerts watch.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { webhookRequest } from "@/tooling/testing/webhook-requests";

const TOKEN = "metrics-token-0123456789abcdef";
process.env.METRICS_TOKEN = TOKEN;
process.env.METRICS_ALLOW_FROM = "10.1.2.0/24";
const { GET } = await import("@/app/api/metrics/route");
const { receiveWebhook } = await import("@/lib/webhooks/receive");
const { fromAddress } = await import("@/tooling/testing/client-address");

type Family = { name: string; type: string; metrics: { labels?: Record<string, string>; value?: string }[] };

async function scrape(headers: Record<string, string>): Promise<Response> {
  return GET(new Request("http://127.0.0.1/api/metrics", { headers }));
}

describe("GET /api/metrics", () => {
  it("refuses a scraper without the token or an allowed address", async () => {
    expect((await scrape({})).status).toBe(401);
    expect((await scrape({ authorization: "Bearer wrong-token-0123456789abcd" })).status).toBe(401);
    expect((await scrape(fromAddress("10.9.9.9"))).status).toBe(401);
    expect((await scrape(fromAddress("10.1.2.77"))).status).toBe(200);
  });

  it("serves deliveries by sender and outcome, refusals, intake latency, exchanges by status, alerts, attempts and the pool", async () => {
    const good = exchangeCallbackPayload({ callbackId: `m-${Date.now()}`, exchangeId: 880_001, status: "Pending" });
    expect((await receiveWebhook("banking", webhookRequest("banking", good))).status).toBe(200);
    expect((await receiveWebhook("banking", webhookRequest("banking", good, { signature: "v1,nonsense" }))).status).toBe(401);
    const response = await scrape({ authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const families = parsePrometheusTextFormat(await response.text()) as Family[];
    const family = (name: string) => families.find((candidate) => candidate.name === name);
    const value = (name: string, labels: Record<string, string>) =>
      Number(
        family(name)?.metrics.find((metric) => Object.entries(labels).every(([key, wanted]) => metric.labels?.[key] === wanted))?.value,
      );

    expect(value("webhook_deliveries_total", { sender: "banking", outcome: "projected" })).toBeGreaterThanOrEqual(1);
    expect(family("webhook_refused_total")?.metrics.some((metric) => metric.labels?.sender === "banking")).toBe(true);
    expect(family("webhook_intake_duration_seconds")?.type).toBe("HISTOGRAM");
    expect(value("exchanges", { status: "Pending" })).toBeGreaterThanOrEqual(1);
    expect(family("alerts_firing")?.metrics.map((metric) => metric.labels?.rule)).toContain("exchange-stuck");
    expect(family("alert_notification_attempts")).toBeDefined();
    expect(value("db_pool_connections", { state: "total" })).toBeGreaterThanOrEqual(1);
  });
});
