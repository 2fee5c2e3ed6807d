import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { authorizeStaffChange, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { enqueueNotifications } from "./outbox";

// What staff do with an alert: acknowledge it (I am on it, with a note), assign it to a colleague,
// resolve it by hand (with a note). Any staff member may; each change is audited and kept in the
// alert's history. A resolution is notified like an automatic one.

export type AlertChange =
  | { outcome: "done" }
  | { outcome: "not_found" }
  | { outcome: "already_resolved" }
  | { outcome: "unknown_staff" }
  | { outcome: "forbidden" };

const NOTE_MAX = 1_000;
const noteOf = (note: string | null | undefined) => (note?.trim() ? note.trim().slice(0, NOTE_MAX) : null);

export async function acknowledgeAlert(staff: StaffSession, alertId: string, note: string | null): Promise<AlertChange> {
  const actor = authorizeStaffChange(staff);
  const now = new Date();
  const result = await db().$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: BigInt(alertId) } });
    if (!alert) return { outcome: "not_found" } as const;
    if (alert.state === "resolved") return { outcome: "already_resolved" } as const;
    // Guarded: resolved meanwhile (by the evaluator or a colleague) stays resolved.
    const done = await tx.alert.updateMany({
      where: { id: alert.id, state: { not: "resolved" } },
      data: { state: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor.email },
    });
    if (done.count === 0) return { outcome: "already_resolved" } as const;
    await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: "acknowledged", actor: actor.email, note: noteOf(note) } });
    return { outcome: "done" } as const;
  });
  await recordAudit({
    action: "alert.acknowledge",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { alertId, note: noteOf(note), ...result },
  });
  return result;
}

/**
 * `assignee`: a staff member's e-mail, or null to unassign. Anyone may take an alert or give it up;
 * only administrators (who see the staff list) assign it to someone else.
 */
export async function assignAlert(staff: StaffSession, alertId: string, assignee: string | null): Promise<AlertChange> {
  const actor = authorizeStaffChange(staff);
  if (assignee !== null && assignee !== actor.email && staff.user.role !== "admin") return { outcome: "forbidden" };
  const now = new Date();
  const result = await db().$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: BigInt(alertId) } });
    if (!alert) return { outcome: "not_found" } as const;
    if (alert.state === "resolved") return { outcome: "already_resolved" } as const;
    if (assignee !== null && !(await tx.user.findFirst({ where: { email: assignee, banned: { not: true } }, select: { id: true } })))
      return { outcome: "unknown_staff" } as const;
    const done = await tx.alert.updateMany({ where: { id: alert.id, state: { not: "resolved" } }, data: { assignedTo: assignee } });
    if (done.count === 0) return { outcome: "already_resolved" } as const;
    await tx.alertEvent.create({
      data: {
        alertId: alert.id,
        at: now,
        kind: "assigned",
        actor: actor.email,
        note: assignee ? `Assigned to ${assignee}.` : "Unassigned.",
      },
    });
    return { outcome: "done" } as const;
  });
  await recordAudit({
    action: "alert.assign",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { alertId, assignee, ...result },
  });
  return result;
}

export async function resolveAlert(staff: StaffSession, alertId: string, note: string | null): Promise<AlertChange> {
  const actor = authorizeStaffChange(staff);
  const now = new Date();
  const result = await db().$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: BigInt(alertId) }, include: { rule: { select: { channelIds: true } } } });
    if (!alert) return { outcome: "not_found" } as const;
    const done = await tx.alert.updateMany({
      where: { id: alert.id, state: { not: "resolved" } },
      // Resolved while its condition may still hold: the evaluator does not open it again until it clears.
      data: { state: "resolved", resolvedAt: now, resolvedBy: actor.email, quietUntilClear: true },
    });
    if (done.count === 0) return { outcome: "already_resolved" } as const;
    await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: "resolved", actor: actor.email, note: noteOf(note) } });
    await enqueueNotifications(
      tx,
      { ...alert, state: "resolved" },
      "resolved",
      alert.rule.channelIds,
      `by-hand-${now.getTime()}`,
      noteOf(note),
    );
    return { outcome: "done" } as const;
  });
  await recordAudit({
    action: "alert.resolve",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { alertId, note: noteOf(note), ...result },
  });
  return result;
}
