import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import proxyaddr from "proxy-addr";
import { env } from "@/lib/env.mjs";
import { clientAddress } from "@/lib/http/client-address.mjs";

/**
 * Who may scrape /api/metrics: nobody unless METRICS_TOKEN (sent as `Authorization: Bearer …`) or
 * METRICS_ALLOW_FROM (addresses and CIDR ranges, as the web server saw the client) is set.
 * Returns the refusal to send, or null to serve.
 */
export function metricsRefusal(headers: Headers): Response | null {
  const { METRICS_TOKEN: token, METRICS_ALLOW_FROM: allowFrom } = env();
  if (!token && !allowFrom) return new Response("Not found\n", { status: 404 });
  const bearer = /^Bearer (.+)$/.exec(headers.get("authorization") ?? "")?.[1];
  // Compared as digests: equal lengths whatever the header holds (non-ASCII included), in constant time.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  if (token && bearer && timingSafeEqual(digest(bearer), digest(token))) return null;
  const address = clientAddress(headers);
  if (allowFrom && address) {
    const allowed = proxyaddr.compile(
      allowFrom
        .split(",")
        .map((entry: string) => entry.trim())
        .filter(Boolean),
    );
    if (allowed(address, 0)) return null;
  }
  return new Response("Unauthorized\n", { status: 401, headers: token ? { "WWW-Authenticate": 'Bearer realm="metrics"' } : {} });
}
