import "server-only";
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/lib/audit/audit-log";
import { db } from "@/lib/db/client";
import { auth, type Role } from "./auth";
import { type Actor, authorize, authorizeChange, type StaffSession } from "./staff-session";

export class StaffAccountError extends Error {
  override name = "StaffAccountError";
}

export interface StaffAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  activeSessions: number;
}

/** A password nobody has to invent: 24 random characters, about 143 bits. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export async function listStaffAccounts(reader: Actor): Promise<StaffAccount[]> {
  if (reader.kind === "staff") authorize(reader, "admin");
  else authorizeChange(reader);
  const users = await db().user.findMany({
    orderBy: { email: "asc" },
    include: { _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } } },
  });
  return users.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "viewer",
    disabled: user.banned === true,
    createdAt: user.createdAt,
    activeSessions: user._count.sessions,
  }));
}

export async function staffAccountCount(): Promise<number> {
  return db().user.count();
}

type Changer = ReturnType<typeof authorizeChange>;

async function audit(actor: Changer, action: Parameters<typeof recordAudit>[0]["action"], details: Record<string, unknown>) {
  await recordAudit({ action, actorId: actor.id, actorEmail: actor.email, ipAddress: actor.ipAddress, details });
}

/** Creates a staff account; returns the password (generated when none is given) to hand over once. */
export async function createStaffAccount(
  by: Actor,
  input: { email: string; role: Role; name?: string; password?: string },
): Promise<{ id: string; password: string }> {
  const actor = authorizeChange(by);
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new StaffAccountError("Enter a valid e-mail address.");
  if (await db().user.findUnique({ where: { email } })) throw new StaffAccountError(`An account for ${email} already exists.`);
  const password = input.password ?? generatePassword();
  if (password.length < 12) throw new StaffAccountError("A password needs at least 12 characters.");
  const { user } = await auth().api.createUser({ body: { email, password, name: input.name?.trim() || email.split("@")[0] || email } });
  // Our role names ("viewer"/"admin") are set here; the admin plugin's typings know only its own.
  await db().user.update({ where: { id: user.id }, data: { role: input.role } });
  await audit(actor, "user.create", { userId: user.id, email, role: input.role });
  return { id: user.id, password };
}

async function adminsLeftWithout(userId: string): Promise<number> {
  return db().user.count({ where: { role: "admin", NOT: [{ id: userId }, { banned: true }] } });
}

export async function setStaffRole(by: Actor, userId: string, role: Role): Promise<void> {
  const actor = authorizeChange(by);
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new StaffAccountError("No such account.");
  if (role !== "admin" && user.role === "admin" && (await adminsLeftWithout(userId)) === 0) {
    throw new StaffAccountError("This is the last active administrator; make someone else an administrator first.");
  }
  await db().user.update({ where: { id: userId }, data: { role } });
  await audit(actor, "user.role", { userId, email: user.email, from: user.role, to: role });
}

/** Disables an account: it cannot log in, and its open sessions end at once. */
export async function disableStaffAccount(by: Actor, userId: string): Promise<void> {
  const actor = authorizeChange(by);
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new StaffAccountError("No such account.");
  if (userId === actor.id) throw new StaffAccountError("You cannot disable your own account.");
  if (user.role === "admin" && (await adminsLeftWithout(userId)) === 0)
    throw new StaffAccountError("This is the last active administrator.");
  await db().$transaction([
    db().user.update({ where: { id: userId }, data: { banned: true, banReason: `Disabled by ${actor.email}` } }),
    db().session.deleteMany({ where: { userId } }),
  ]);
  await audit(actor, "user.disable", { userId, email: user.email });
}

export async function enableStaffAccount(by: Actor, userId: string): Promise<void> {
  const actor = authorizeChange(by);
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new StaffAccountError("No such account.");
  await db().user.update({ where: { id: userId }, data: { banned: false, banReason: null, banExpires: null } });
  await audit(actor, "user.enable", { userId, email: user.email });
}

/** Sets a new password (generated when none is given) and ends the account's sessions. */
export async function resetStaffPassword(by: Actor, userId: string, password = generatePassword()): Promise<string> {
  const actor = authorizeChange(by);
  const user = await db().user.findUnique({ where: { id: userId } });
  if (!user) throw new StaffAccountError("No such account.");
  if (password.length < 12) throw new StaffAccountError("A password needs at least 12 characters.");
  const hash = await (await auth().$context).password.hash(password);
  await db().$transaction([
    db().account.updateMany({ where: { userId, providerId: "credential" }, data: { password: hash } }),
    db().session.deleteMany({ where: { userId } }),
  ]);
  await audit(actor, "user.password", { userId, email: user.email });
  return password;
}

export async function findStaffAccountByEmail(by: Actor, email: string) {
  authorizeChange(by);
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

/** A staff member's own choice of how times are shown: in UTC, or in their browser's time zone. */
export async function setOwnTimeDisplay(staff: StaffSession, value: "utc" | "local"): Promise<void> {
  authorize(staff);
  await db().user.update({ where: { id: staff.user.id }, data: { timeDisplay: value } });
}
