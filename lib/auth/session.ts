import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env.mjs";
import { auth, type Role } from "./auth";

export interface StaffSession {
  user: { id: string; email: string; name: string; role: Role };
  session: { id: string; createdAt: Date; expiresAt: Date };
}

/**
 * The signed-in staff member, or null. Besides better-auth's idle expiry, a session ends
 * SESSION_MAX_HOURS after it began however active it is (it is deleted then).
 */
export async function staffSessionFrom(requestHeaders: Headers): Promise<StaffSession | null> {
  const found = await auth().api.getSession({ headers: requestHeaders });
  if (!found || found.user.banned) return null;
  const maxAgeMs = env().SESSION_MAX_HOURS * 3_600_000;
  if (found.session.createdAt.getTime() + maxAgeMs < Date.now()) {
    await db().session.deleteMany({ where: { id: found.session.id } });
    return null;
  }
  return {
    user: { id: found.user.id, email: found.user.email, name: found.user.name, role: found.user.role === "admin" ? "admin" : "viewer" },
    session: { id: found.session.id, createdAt: found.session.createdAt, expiresAt: found.session.expiresAt },
  };
}

/** For server components: one lookup per request, however many components ask. */
export const currentStaff = cache(async () => staffSessionFrom(await headers()));

/** Pages: the staff member, or a redirect to the login page (coming back here afterwards). */
export async function requireStaffPage(returnTo: string): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect(`/login?next=${encodeURIComponent(returnTo)}`);
  return staff;
}

export async function requireAdminPage(returnTo: string): Promise<StaffSession> {
  const staff = await requireStaffPage(returnTo);
  if (staff.user.role !== "admin") redirect("/forbidden");
  return staff;
}

/** Route handlers: the staff member, or the 401/403 JSON answer to send. */
export async function requireStaffApi(request: Request, role: Role = "viewer"): Promise<StaffSession | Response> {
  const staff = await staffSessionFrom(request.headers);
  if (!staff)
    return Response.json({ error: "unauthenticated", detail: "Log in first." }, { status: 401, headers: { "Cache-Control": "no-store" } });
  if (role === "admin" && staff.user.role !== "admin") return Response.json({ error: "forbidden" }, { status: 403 });
  return staff;
}
