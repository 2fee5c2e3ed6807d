import "server-only";
import { toNextJsHandler } from "better-auth/next-js";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/audit-log";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { clientAddress } from "@/lib/http/client-address.mjs";
import { auth } from "./auth";
import { admitLoginAttempt, recordLoginOutcome } from "./login-rate-limit";
import { staffSessionFrom } from "./staff-session";

// The only better-auth endpoints reachable over HTTP (POST: sign-in, sign-out, change-password;
// GET: get-session). User administration goes through our own admin screens (role-checked and
// audited), never through better-auth's admin API directly.

// Every POST body is read here, as JSON only, and better-auth is handed a body we wrote from what we
// read. better-auth itself also reads form-encoded bodies: were it given the client's bytes, it
// could read another e-mail address than the one the rate limiter and the audit log saw.
const MAX_BODY_BYTES = 8 * 1024;

const signInBody = z.object({
  email: z.string().trim().toLowerCase().min(1).max(320),
  password: z.string().min(1).max(256),
  rememberMe: z.boolean().optional(),
});

const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

function endpointOf(request: Request): string {
  return new URL(request.url).pathname.replace(/^\/api\/auth/, "");
}

const noStore = { "Cache-Control": "no-store" };
const notFound = () => Response.json({ error: "not_found" }, { status: 404, headers: noStore });
const invalid = (detail: string) => Response.json({ code: "INVALID_REQUEST", message: detail }, { status: 400, headers: noStore });

type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** The request's body as JSON: 415 for any other content type, 413 when too long, 400 when not JSON. */
async function readJsonBody(request: Request): Promise<JsonBody> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    return {
      ok: false,
      response: Response.json(
        { code: "UNSUPPORTED_MEDIA_TYPE", message: "Send the body as JSON (Content-Type: application/json)." },
        { status: 415, headers: noStore },
      ),
    };
  }
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) return { ok: false, response: tooLarge() };
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) return { ok: false, response: tooLarge() };
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === "") return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: invalid("The body is not valid JSON.") };
  }
}

const tooLarge = () => Response.json({ code: "PAYLOAD_TOO_LARGE", message: "The body is too large." }, { status: 413, headers: noStore });

/** The request for better-auth: the client's headers, and a JSON body of exactly `body`. */
function forward(request: Request, body: unknown): Request {
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return new Request(request.url, { method: "POST", headers, body: JSON.stringify(body) });
}

async function signIn(request: Request): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = signInBody.safeParse(read.value);
  if (!parsed.success) return invalid("Expected a JSON body with email and password.");
  const { email, password, rememberMe } = parsed.data;
  const ip = clientAddress(request.headers);
  const gate = await admitLoginAttempt(email, ip);
  if (!gate.allowed) {
    await recordAudit({ action: "login.rate_limited", actorEmail: email, ipAddress: ip, details: { limitedBy: gate.limitedBy } });
    return Response.json(
      { code: "TOO_MANY_ATTEMPTS", message: `Too many login attempts. Try again in ${Math.ceil(gate.retryAfterSeconds / 60)} min.` },
      { status: 429, headers: { ...noStore, "Retry-After": String(gate.retryAfterSeconds) } },
    );
  }
  const response = await toNextJsHandler(auth()).POST(forward(request, { email, password, rememberMe: rememberMe ?? false }));
  const succeeded = response.status === 200;
  await recordLoginOutcome(email, succeeded);
  const result = (await response
    .clone()
    .json()
    .catch(() => ({}))) as { user?: { id?: string }; code?: string };
  await recordAudit({
    action: succeeded ? "login.success" : "login.failure",
    actorId: succeeded ? (result.user?.id ?? null) : null,
    actorEmail: email,
    ipAddress: ip,
    details: succeeded ? {} : { code: result.code ?? String(response.status) },
  });
  return response;
}

/** A password change always ends the account's other sessions: whoever else held one is out. */
async function changePassword(request: Request): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = changePasswordBody.safeParse(read.value);
  if (!parsed.success) return invalid("Expected a JSON body with currentPassword and newPassword.");
  const staff = await staffSessionFrom(request.headers);
  if (!staff) return Response.json({ code: "UNAUTHORIZED", message: "Log in first." }, { status: 401, headers: noStore });
  const response = await toNextJsHandler(auth()).POST(forward(request, { ...parsed.data, revokeOtherSessions: true }));
  if (response.ok) {
    await recordAudit({
      action: "user.password",
      actorId: staff.user.id,
      actorEmail: staff.user.email,
      ipAddress: staff.ipAddress,
      details: { userId: staff.user.id, otherSessionsEnded: true },
    });
  }
  return response;
}

async function signOut(request: Request): Promise<Response> {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const staff = await staffSessionFrom(request.headers);
  const response = await toNextJsHandler(auth()).POST(forward(request, {}));
  if (staff && response.ok) {
    await recordAudit({ action: "logout", actorId: staff.user.id, actorEmail: staff.user.email, ipAddress: staff.ipAddress });
  }
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
  return unlessDatabaseDown(async () => {
    switch (endpointOf(request)) {
      case "/sign-in/email":
        return signIn(request);
      case "/change-password":
        return changePassword(request);
      case "/sign-out":
        return signOut(request);
      default:
        return notFound();
    }
  });
}

export function handleAuthGet(request: Request): Promise<Response> {
  return unlessDatabaseDown(async () => (endpointOf(request) === "/get-session" ? toNextJsHandler(auth()).GET(request) : notFound()));
}
