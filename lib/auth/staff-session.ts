import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";
import { clientAddress } from "@/lib/http/client-address.mjs";
import { auth, type Role } from "./auth";

// Authorization sits where data is read. Every function in lib/ that returns or changes staff data
// takes the StaffSession (or, for changes, the Actor) it acts for and calls authorize() first. A
// StaffSession can only come from staffSessionFrom() below, which looked the session up in the
// database for this very request: an object built by hand, or a session from a layout rendered for
// another request, is refused. So neither the proxy nor a layout is load-bearing: a page, route or
// action that forgot to check would fail to compile (no session to pass) and, failing that, throw.

declare const verifiedBrand: unique symbol;

export interface StaffSession {
  readonly kind: "staff";
  user: { id: string; email: string; name: string; role: Role; timeDisplay: "utc" | "local" };
  session: { id: string; createdAt: Date; expiresAt: Date };
  /** The client's address as the web server saw it (null when unknown), for the audit log. */
  ipAddress: string | null;
  readonly [verifiedBrand]: true;
}

/** A change made from the server's own shell or start-up (`npm run users`, the first admin), not over HTTP. */
export interface SystemActor {
  readonly kind: "system";
  /** Recorded as the actor in the audit log, e.g. `cli:alice`. */
  name: string;
  readonly [verifiedBrand]: true;
}

export type Actor = StaffSession | SystemActor;

// On globalThis: Next.js may load this module more than once (one copy per bundle layer).
const REGISTRY = Symbol.for("webhook-ops.verified-principals");
function verified(): WeakSet<object> {
  const holder = globalThis as unknown as Record<symbol, WeakSet<object> | undefined>;
  holder[REGISTRY] ??= new WeakSet();
  return holder[REGISTRY];
}

export class AccessDenied extends Error {
  override name = "AccessDenied";
  constructor(readonly reason: "unauthenticated" | "forbidden") {
    super(reason === "unauthenticated" ? "No verified staff session." : "This needs an administrator.");
  }
}

/** Throws unless `staff` is a session verified for this request with at least `role`. */
export function authorize(staff: StaffSession, role: Role = "viewer"): void {
  if (typeof staff !== "object" || staff === null || !verified().has(staff) || staff.kind !== "staff")
    throw new AccessDenied("unauthenticated");
  if (role === "admin" && staff.user.role !== "admin") throw new AccessDenied("forbidden");
}

/** For changes: a verified administrator, or the server's own shell. Returns who to record in the audit log. */
export function authorizeChange(actor: Actor): { id: string | null; email: string; ipAddress: string | null } {
  if (typeof actor === "object" && actor !== null && actor.kind === "system" && verified().has(actor))
    return { id: null, email: actor.name, ipAddress: null };
  authorize(actor as StaffSession, "admin");
  const staff = actor as StaffSession;
  return { id: staff.user.id, email: staff.user.email, ipAddress: staff.ipAddress };
}

/** For changes any staff member may make (handling an alert): who to record in the audit log. */
export function authorizeStaffChange(staff: StaffSession): { id: string; email: string; ipAddress: string | null } {
  authorize(staff);
  return { id: staff.user.id, email: staff.user.email, ipAddress: staff.ipAddress };
}

/** The actor for a command run on the server itself (the CLI, start-up): it has the server's trust. */
export function systemActor(name: string): SystemActor {
  const actor = { kind: "system", name } as SystemActor;
  verified().add(actor);
  return actor;
}

/** When a session ends at the latest: its idle expiry, or SESSION_MAX_HOURS after it began, whichever comes first. */
export function sessionEndsAt(session: { createdAt: Date; expiresAt: Date }): number {
  return Math.min(session.expiresAt.getTime(), session.createdAt.getTime() + env().SESSION_MAX_HOURS * 3_600_000);
}

/**
 * The signed-in staff member, or null. Besides better-auth's idle expiry, a session ends
 * SESSION_MAX_HOURS after it began however active it is (it is deleted then).
 */
export async function staffSessionFrom(requestHeaders: Headers): Promise<StaffSession | null> {
  const found = await auth().api.getSession({ headers: requestHeaders });
  if (!found || found.user.banned) return null;
  if (found.session.createdAt.getTime() + env().SESSION_MAX_HOURS * 3_600_000 < Date.now()) {
    await db().session.deleteMany({ where: { id: found.session.id } });
    return null;
  }
  const staff = {
    kind: "staff",
    user: {
      id: found.user.id,
      email: found.user.email,
      name: found.user.name,
      role: found.user.role === "admin" ? "admin" : "viewer",
      timeDisplay: (found.user as { timeDisplay?: unknown }).timeDisplay === "local" ? "local" : "utc",
    },
    session: { id: found.session.id, createdAt: found.session.createdAt, expiresAt: found.session.expiresAt },
    ipAddress: clientAddress(requestHeaders),
  } as StaffSession;
  verified().add(staff);
  return staff;
}

/**
 * Whether the session `staff` was verified with is still open, for what outlives its request (a
 * live stream): not signed out or revoked, not expired, the account not disabled nor demoted below
 * the role it was checked for. Returns when it ends as things stand (null: it has ended). Reads
 * without touching the session, so a stream open in a forgotten tab does not keep it alive.
 */
export async function sessionOpenUntil(staff: StaffSession): Promise<Date | null> {
  authorize(staff);
  const rows = await db().$queryRaw<{ expiresAt: Date; createdAt: Date; banned: boolean | null; role: string | null }[]>`
    SELECT s."expiresAt", s."createdAt", u.banned, u.role FROM "session" s JOIN "user" u ON u.id = s."userId" WHERE s.id = ${staff.session.id}`;
  const row = rows[0];
  if (!row || row.banned || (staff.user.role === "admin" && row.role !== "admin")) return null;
  const ends = sessionEndsAt(row);
  return ends > Date.now() ? new Date(ends) : null;
}
