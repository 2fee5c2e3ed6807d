import "server-only";
import { headers } from "next/headers";
import { clientIp } from "./client-ip";
import { currentStaff } from "./session";
import type { Actor } from "./staff-accounts";

/**
 * Server actions check the role themselves: a hidden button is no protection. (Next.js refuses a
 * server action whose Origin does not match the host, which covers CSRF.)
 */
export async function adminActor(): Promise<Actor | null> {
  const staff = await currentStaff();
  if (staff?.user.role !== "admin") return null;
  return { id: staff.user.id, email: staff.user.email, ipAddress: clientIp(await headers()) };
}
