import "server-only";
import type { NextRequest } from "next/server";
import type { Role } from "./auth";
import { requireStaffApi } from "./session";
import { AccessDenied, type StaffSession } from "./staff-session";

/**
 * A route handler that serves staff data: it establishes the session itself (401 without one,
 * 403 without the role) before `handle` runs, whatever the proxy decided.
 */
export function staffRoute<Context = unknown>(
  role: Role,
  handle: (staff: StaffSession, request: NextRequest, context: Context) => Promise<Response>,
): (request: NextRequest, context?: Context) => Promise<Response> {
  return async (request, context) => {
    const staff = await requireStaffApi(request, role);
    if (staff instanceof Response) return staff;
    try {
      return await handle(staff, request, context as Context);
    } catch (error) {
      if (error instanceof AccessDenied)
        return Response.json({ error: error.reason }, { status: error.reason === "unauthenticated" ? 401 : 403 });
      throw error;
    }
  };
}
