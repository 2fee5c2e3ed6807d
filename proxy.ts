// Runs before every page and data route (not the webhooks, health or /api/auth: see the matcher).
// Nobody without a session gets in — pages redirect to /login, API calls get 401 — and every page
// gets a fresh CSP nonce, so only our own scripts run.
import { type NextRequest, NextResponse } from "next/server";
import { type StaffSession, staffSessionFrom } from "@/lib/auth/session";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";

const PUBLIC_PAGES = new Set(["/login", "/database-unavailable"]);

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const api = pathname.startsWith("/api/");
  if (!PUBLIC_PAGES.has(pathname)) {
    let staff: StaffSession | null;
    try {
      staff = await staffSessionFrom(request.headers);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      // Sessions live in the database: say that it is down rather than asking to log in again.
      if (api) return Response.json({ error: "database_unavailable" }, { status: 503, headers: { "Retry-After": "10" } });
      return NextResponse.rewrite(new URL("/database-unavailable", request.url), { status: 503 });
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

export const config = {
  matcher: [
    {
      source: "/((?!api/webhooks|api/health|api/auth|_next/static|_next/image|icon.svg|favicon.ico).*)",
      missing: [{ type: "header", key: "next-router-prefetch" }],
    },
  ],
};
