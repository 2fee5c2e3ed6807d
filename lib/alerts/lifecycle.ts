import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { authorizeStaffChange, type StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { enqueueNotifications } from "./outbox";

// What staff do with an alert: acknowledge it (I am on it, with a note), take it or assign it,
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

type OpenAlert = Prisma.AlertGetPayload<{ include: { rule: { select: { channelIds: true } } } }>;
type Actor = ReturnType<typeof authorizeStaffChange>;

/**
 * One change to an open alert, in one transaction: `apply` updates it (guarded, so an alert
 * resolved meanwhile — by the evaluator or a colleague — stays resolved) and returns the history
 * line to keep; then the audit entry.
 */
async function changeOpenAlert(
  staff: StaffSession,
  alertId: string,
  audit: "alert.acknowledge" | "alert.assign" | "alert.resolve",
  details: Record<string, unknown>,
  apply: (
    tx: Prisma.TransactionClient,
    alert: OpenAlert,
    actor: Actor,
    now: Date,
  ) => Promise<{ kind: string; note: string | null } | Exclude<AlertChange, { outcome: "done" }>>,
): Promise<AlertChange> {
  const actor = authorizeStaffChange(staff);
  const now = new Date();
  const result = await db().$transaction(async (tx): Promise<AlertChange> => {
    const alert = /^\d{1,18}$/.test(alertId)
      ? await tx.alert.findUnique({ where: { id: BigInt(alertId) }, include: { rule: { select: { channelIds: true } } } })
      : null;
    if (!alert) return { outcome: "not_found" };
    if (alert.state === "resolved") return { outcome: "already_resolved" };
    const applied = await apply(tx, alert, actor, now);
    if ("outcome" in applied) return applied;
    await tx.alertEvent.create({ data: { alertId: alert.id, at: now, kind: applied.kind, actor: actor.email, note: applied.note } });
    return { outcome: "done" };
  });
  await recordAudit({
    action: audit,
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { alertId, ...details, ...result },
  });
  return result;
}

const stillOpen = (alert: OpenAlert) => ({ id: alert.id, state: { not: "resolved" as const } });

export function acknowledgeAlert(staff: StaffSession, alertId: string, note: string | null): Promise<AlertChange> {
  return changeOpenAlert(staff, alertId, "alert.acknowledge", { note: noteOf(note) }, async (tx, alert, actor, now) => {
    const done = await tx.alert.updateMany({
      where: stillOpen(alert),
      data: { state: "acknowledged", acknowledgedAt: now, acknowledgedBy: actor.email },
    });
    return done.count === 0 ? { outcome: "already_resolved" } : { kind: "acknowledged", note: noteOf(note) };
  });
}

/**
 * `assignee`: a staff member's e-mail, or null to unassign. Anyone may take an alert or give it up;
 * only administrators (who see the staff list) assign it to someone else.
 */
export function assignAlert(staff: StaffSession, alertId: string, assignee: string | null): Promise<AlertChange> {
  return changeOpenAlert(staff, alertId, "alert.assign", { assignee }, async (tx, alert, actor) => {
    if (assignee !== null && assignee !== actor.email && staff.user.role !== "admin") return { outcome: "forbidden" };
    if (assignee !== null && !(await tx.user.findFirst({ where: { email: assignee, banned: { not: true } }, select: { id: true } })))
      return { outcome: "unknown_staff" };
    const done = await tx.alert.updateMany({ where: stillOpen(alert), data: { assignedTo: assignee } });
    return done.count === 0
      ? { outcome: "already_resolved" }
      : { kind: "assigned", note: assignee ? `Assigned to ${assignee}.` : "Unassigned." };
  });
}

export function resolveAlert(staff: StaffSession, alertId: string, note: string | null): Promise<AlertChange> {
  return changeOpenAlert(staff, alertId, "alert.resolve", { note: noteOf(note) }, async (tx, alert, actor, now) => {
    // Resolved while its condition may still hold: the evaluator does not open it again until it clears.
    const done = await tx.alert.updateMany({
      where: stillOpen(alert),
      data: { state: "resolved", resolvedAt: now, resolvedBy: actor.email, quietUntilClear: true },
    });
    if (done.count === 0) return { outcome: "already_resolved" };
    await enqueueNotifications(
      tx,
      { ...alert, state: "resolved" },
      "resolved",
      alert.rule.channelIds,
      `by-hand-${now.getTime()}`,
      noteOf(note),
    );
    return { kind: "resolved", note: noteOf(note) };
  });
}
