import "server-only";
import { toNextJsHandler } from "better-auth/next-js";
import { recordAudit } from "@/lib/audit/audit-log";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { auth } from "./auth";
import { clientIp } from "./client-ip";
import { admitLoginAttempt, recordLoginOutcome } from "./login-rate-limit";
import { staffSessionFrom } from "./session";

// The only better-auth endpoints reachable over HTTP. User administration goes through our own
// admin screens (role-checked and audited), never through better-auth's admin API directly.
const EXPOSED = new Set(["/sign-in/email", "/sign-out", "/get-session", "/change-password"]);

function endpointOf(request: Request): string {
  return new URL(request.url).pathname.replace(/^\/api\/auth/, "");
}

const notFound = () => Response.json({ error: "not_found" }, { status: 404 });

async function signIn(request: Request): Promise<Response> {
  const text = await request.text();
  let email = "";
  try {
    email = String((JSON.parse(text) as { email?: unknown }).email ?? "")
      .trim()
      .toLowerCase();
  } catch {
    return Response.json({ error: "invalid_request", detail: "Expected a JSON body with email and password." }, { status: 400 });
  }
  const ip = clientIp(request.headers);
  const gate = await admitLoginAttempt(email, ip);
  if (!gate.allowed) {
    await recordAudit({
      action: "login.rate_limited",
      actorEmail: email.slice(0, 320),
      ipAddress: ip,
      details: { limitedBy: gate.limitedBy },
    });
    return Response.json(
      { code: "TOO_MANY_ATTEMPTS", message: `Too many login attempts. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} min.` },
      { status: 429, headers: { "Retry-After": String(gate.retryAfterSeconds) } },
    );
  }
  const response = await toNextJsHandler(auth()).POST(new Request(request.url, { method: "POST", headers: request.headers, body: text }));
  const succeeded = response.status === 200;
  await recordLoginOutcome(email, succeeded);
  const result = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { user?: { id?: string }; code?: string };
  await recordAudit({
    action: succeeded ? "login.success" : "login.failure",
    actorId: succeeded ? (result.user?.id ?? null) : null,
    actorEmail: email.slice(0, 320),
    ipAddress: ip,
    details: succeeded ? {} : { code: result.code ?? String(response.status) },
  });
  return response;
}

/** Sessions and login counters live in the database: while it is down, say so (503), never 500. */
async function unlessDatabaseDown(handle: () => Promise<Response>): Promise<Response> {
  try {
    return await handle();
  } catch (error) {
    if (isDatabaseUnavailable(error))
      return Response.json({ code: "DATABASE_UNAVAILABLE", message: "The database is unavailable; try again shortly." }, { status: 503 });
    throw error;
  }
}

export function handleAuthPost(request: Request): Promise<Response> {
  return unlessDatabaseDown(() => post(request));
}

export function handleAuthGet(request: Request): Promise<Response> {
  return unlessDatabaseDown(async () => (EXPOSED.has(endpointOf(request)) ? toNextJsHandler(auth()).GET(request) : notFound()));
}

async function post(request: Request): Promise<Response> {
  const endpoint = endpointOf(request);
  if (!EXPOSED.has(endpoint)) return notFound();
  if (endpoint === "/sign-in/email") return signIn(request);
  const staff = await staffSessionFrom(request.headers);
  const response = await toNextJsHandler(auth()).POST(request);
  if (staff && response.ok && (endpoint === "/sign-out" || endpoint === "/change-password")) {
    await recordAudit({
      action: endpoint === "/sign-out" ? "logout" : "user.password",
      actorId: staff.user.id,
      actorEmail: staff.user.email,
      ipAddress: clientIp(request.headers),
      details: endpoint === "/change-password" ? { userId: staff.user.id } : {},
    });
  }
  return response;
}
