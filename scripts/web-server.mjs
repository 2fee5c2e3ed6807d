// @ts-check
// The dashboard's HTTP server: Next.js behind a thin Node.js server of our own, because Next.js
// alone cannot tell the client's real address from one the client claims in X-Forwarded-For (see
// lib/http/client-address.mjs). Started by `npm start` / `npm run dev` (scripts/start.ts), the
// end-to-end and fault suites and the benchmark, always as
//   node scripts/web-server.mjs --port 3000 --hostname 127.0.0.1 [--dev]
// On SIGTERM or SIGINT it stops accepting connections, ends the live streams, lets requests in
// flight finish (at most SHUTDOWN_GRACE_MS), then exits.
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { env } from "../lib/env.mjs";
import { stampClientAddress, trustFunction } from "../lib/http/client-address.mjs";

const SHUTDOWN_GRACE_MS = 25_000;

const { values } = parseArgs({
  options: { port: { type: "string" }, hostname: { type: "string" }, dev: { type: "boolean", default: false } },
});
const settings = env();
const port = Number(values.port ?? settings.PORT);
const hostname = values.hostname ?? settings.HOST;
const dev = values.dev ?? false;
process.title = "webhook-ops-web";

const trust = trustFunction(settings.TRUSTED_PROXIES);
const app = next({ dev, dir: path.resolve(import.meta.dirname, ".."), hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((request, response) => {
  stampClientAddress(request, trust);
  void handle(request, response);
});
if (dev) {
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (request, socket, head) => {
    stampClientAddress(request, trust);
    void upgrade(request, socket, head);
  });
}

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  const closed = new Promise((resolve) => server.close(resolve));
  // Live streams (lib/live) never finish by themselves: end them now, telling each browser to
  // reconnect (to another instance, or to this one once it is back), so shutdown does not wait.
  const holder = /** @type {Record<symbol, any>} */ (globalThis);
  holder[Symbol.for("webhook-ops.live-streams")]?.endAll("server-restarting");
  holder[Symbol.for("webhook-ops.change-feed")]?.stop();
  // Releases the alert evaluator's lock at once, so another instance takes over without waiting.
  void holder[Symbol.for("webhook-ops.alerts-evaluator")]?.stop();
  // Keep-alive connections with no request in flight would hold server.close() open.
  const idle = setInterval(() => server.closeIdleConnections(), 100);
  const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
  server.closeIdleConnections();
  await Promise.race([closed, grace]);
  clearInterval(idle);
  server.closeAllConnections();
  await app.close().catch(() => undefined);
  process.exit(signal === "SIGINT" ? 130 : 143);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));

server.on("error", (error) => {
  console.error(`The web server could not start: ${error.message}`);
  process.exit(1);
});
server.listen(port, hostname, () => {
  console.log(`[web] Ready on http://${hostname}:${port}${dev ? " (development)" : ""}`);
});
