// The first gate, before every request but static build files: nobody without a session gets past
// it — pages redirect to /login, API calls get 401 — except to the exact public paths below, and
// every page gets a fresh CSP nonce, so only our own scripts run. It is never the only gate: every
// page, route and action checks the session again where it reads data (lib/auth/session.ts).
import { type NextRequest, NextResponse } from "next/server";
import { type StaffSession, staffSessionFrom } from "@/lib/auth/staff-session";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";

/**
 * Reachable without a session (besides the webhooks, the health check and the metrics, which the matcher keeps
 * away from here). Exact paths: `/api/healthz` or `/api/auth/sign-in/emailx` are not public.
 */
const PUBLIC_PATHS = new Set([
  "/login",
  "/api/auth/sign-in/email",
  "/api/auth/sign-out",
  "/api/auth/get-session",
  "/icon.svg",
  "/favicon.ico",
]);

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  if (!PUBLIC_PATHS.has(pathname)) {
    let staff: StaffSession | null;
    try {
      staff = await staffSessionFrom(request.headers);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Sessions live in the database: say that it is down rather than asking to log in again.
      if (api) return Response.json({ error: "database_unavailable" }, { status: 503, headers: { "Retry-After": "10" } });
      return databaseUnavailablePage();
    }
    if (!staff) {
      if (api)
        return Response.json(
          { error: "unauthenticated", detail: "Log in first." },
          { status: 401, headers: { "Cache-Control": "no-store" } },
        );
      const login = new URL("/login", request.url);
      login.searchParams.set("next", `${pathname}${search}`);
      return NextResponse.redirect(login);
    }
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, process.env.NODE_ENV === "development");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

/** A self-contained 503 page: rendering an app page would need the session lookup that just failed. */
function databaseUnavailablePage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Database unavailable · Webhook operations</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="15">
<style>body{font-family:system-ui,sans-serif;background:#f8fafc;color:#0f172a;margin:0}main{max-width:40rem;margin:4rem auto;padding:0 1rem}
div{border:1px solid #fca5a5;background:#fef2f2;color:#7f1d1d;border-radius:.25rem;padding:1rem}</style></head>
<body><main><h1>Webhook operations</h1><div role="alert"><strong>Database unavailable</strong><p>The dashboard cannot reach its database
right now, so nothing can be shown. Webhook senders are being answered 503 and will retry; nothing they send is lost. This page
reloads itself every 15 seconds.</p></div></main></body></html>`;
  return new Response(html, {
    status: 503,
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Retry-After": "15",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    },
  });
}

export const config = {
  // Everything, whatever the request's headers (router prefetches included), but the build's static
  // files and — as exact paths, `$` — the webhook endpoints and the health check. Those must not pass
  // through here: Next.js reads a request's whole body before running the proxy, and the intake reads
  // it itself, bounded in size and time. Each checks its caller itself (signature; nothing to hide).
  matcher: ["/((?!_next/static/|api/webhooks/crm$|api/webhooks/banking$|api/health$|api/metrics$).*)"],
};
