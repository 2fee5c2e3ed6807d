// Staff accounts and their session cookies for integration tests, through the real auth code.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/auth/auth";

export interface TestStaff {
  id: string;
  email: string;
  password: string;
  /** The `Cookie` header value of a fresh session. */
  cookie: string;
}

export async function createTestStaff(role: Role = "viewer"): Promise<TestStaff> {
  const [{ createStaffAccount }, { auth }, { systemActor }] = await Promise.all([
    import("@/lib/auth/staff-accounts"),
    import("@/lib/auth/auth"),
    import("@/lib/auth/staff-session"),
  ]);
  const email = `${role}-${randomUUID().slice(0, 8)}@test.example`;
  const password = `pw-${randomUUID()}`;
  const { id } = await createStaffAccount(systemActor("test"), { email, password, role });
  return { id, email, password, cookie: await signIn(auth, email, password) };
}

async function signIn(auth: typeof import("@/lib/auth/auth").auth, email: string, password: string): Promise<string> {
  const { headers } = await auth().api.signInEmail({ body: { email, password }, returnHeaders: true });
  const cookies = headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  return cookies.join("; ");
}

/** Request headers of a signed-in staff member. */
export function asStaff(staff: TestStaff, headers: Record<string, string> = {}): Headers {
  return new Headers({ ...headers, cookie: staff.cookie });
}

/** The verified session of a test staff member, as a page or route would get it for their request. */
export async function sessionOf(staff: TestStaff): Promise<import("@/lib/auth/staff-session").StaffSession> {
  const { staffSessionFrom } = await import("@/lib/auth/staff-session");
  const session = await staffSessionFrom(asStaff(staff));
  if (!session) throw new Error(`No session for ${staff.email}`);
  return session;
}
