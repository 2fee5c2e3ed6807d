import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { Role } from "./auth";
import { type StaffSession, staffSessionFrom } from "./staff-session";

// How pages, route handlers and server actions establish the session of the request they serve
// (lib/auth/staff-session.ts is what the data functions check).

/** For server components and actions: one lookup per request, however many components ask. */
export const currentStaff = cache(async () => staffSessionFrom(await headers()));

/**
 * Pages: the staff member, or a redirect — to the login page (coming back to `returnTo`
 * afterwards) without a session, to /forbidden without the role. Every page calls this itself:
 * the dashboard layout's check does not protect a page, whose payload Next.js may render alone.
 */
export async function requireStaffPage(returnTo: string, role: Role = "viewer"): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  if (role === "admin" && staff.user.role !== "admin") redirect("/forbidden");
  return staff;
}

const NO_STORE = { "Cache-Control": "no-store" };

/** Route handlers: the staff member, or the 401/403 JSON answer to send. */
export async function requireStaffApi(request: Request, role: Role = "viewer"): Promise<StaffSession | Response> {
  const staff = await staffSessionFrom(request.headers);
  if (!staff) return Response.json({ error: "unauthenticated", detail: "Log in first." }, { status: 401, headers: NO_STORE });
  if (role === "admin" && staff.user.role !== "admin") return Response.json({ error: "forbidden" }, { status: 403, headers: NO_STORE });
  return staff;
}

/** Server actions: the verified staff member with `role`, or null (the action then refuses). */
export async function staffForAction(role: Role = "viewer"): Promise<StaffSession | null> {
  const staff = await currentStaff();
  if (!staff) return null;
  if (role === "admin" && staff.user.role !== "admin") return null;
  return staff;
}
