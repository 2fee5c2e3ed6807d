import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { type Actor, authorizeChange } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";

export type DismissResult =
  | { outcome: "dismissed" }
  | { outcome: "restored" }
  | { outcome: "not_quarantined" }
  | { outcome: "not_dismissed" };

/**
 * Sets a quarantined delivery aside: an administrator judged it not worth reprocessing (a test
 * message, a sender's known mistake). It leaves the quarantine counts and may be purged with the
 * other old deliveries; its bytes and reasons stay, and restoreDelivery puts it back.
 */
export async function dismissDelivery(by: Actor, deliveryId: string, reason: string): Promise<DismissResult> {
  const actor = authorizeChange(by);
  const updated = await db().$executeRaw`
    UPDATE delivery SET outcome = 'dismissed', dismissed_at = now(), dismissed_by = ${actor.email}, dismissal_reason = ${reason}
    WHERE id = ${deliveryId}::bigint AND outcome = 'quarantined'`;
  const result: DismissResult = updated === 1 ? { outcome: "dismissed" } : { outcome: "not_quarantined" };
  await recordAudit({
    action: "delivery.dismiss",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { deliveryId, reason, ...result },
  });
  return result;
}

/** Undoes a dismissal: the delivery is quarantined again, with its reasons as they were. */
export async function restoreDelivery(by: Actor, deliveryId: string): Promise<DismissResult> {
  const actor = authorizeChange(by);
  const updated = await db().$executeRaw`
    UPDATE delivery SET outcome = 'quarantined', dismissed_at = NULL, dismissed_by = NULL, dismissal_reason = NULL
    WHERE id = ${deliveryId}::bigint AND outcome = 'dismissed'`;
  const result: DismissResult = updated === 1 ? { outcome: "restored" } : { outcome: "not_dismissed" };
  await recordAudit({
    action: "delivery.restore",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { deliveryId, ...result },
  });
  return result;
}
