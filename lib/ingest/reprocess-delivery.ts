import "server-only";
import { recordAudit } from "@/lib/audit/audit-log";
import { type Actor, authorizeChange } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { ANNOUNCED_DELIVERY_COLUMNS } from "@/lib/live/announce";
import { decide } from "./ingest-delivery";
import { type DeliveryOutcome, OUTCOME_OF, type Sender, withProjection } from "./store-delivery";

export type ReprocessResult =
  | { outcome: "resolved"; newOutcome: DeliveryOutcome }
  | { outcome: "duplicate"; duplicateOfId: string }
  | { outcome: "still_quarantined"; reason: string; errors: { path: string; message: string }[] }
  | { outcome: "not_quarantined" };

/**
 * Runs a quarantined delivery's stored bytes through the current intake code, after a fix: it is
 * projected (or kept in the inbox) like a fresh delivery, recognised as a duplicate if the sender has
 * resent it since, or stays quarantined with the current reasons. The attempt is audited either way.
 */
export async function reprocessDelivery(by: Actor, deliveryId: string): Promise<ReprocessResult> {
  const actor = authorizeChange(by);
  const rows = await db().$queryRaw<{ sender: Sender; raw_body: Uint8Array; body_sha256: string; outcome: DeliveryOutcome }[]>`
    SELECT sender::text AS sender, raw_body, body_sha256, outcome::text AS outcome FROM delivery WHERE id = ${deliveryId}::bigint`;
  const stored = rows[0];
  if (stored?.outcome !== "quarantined") return { outcome: "not_quarantined" };
  const { decision, unreadable } = decide(stored.sender, Buffer.from(stored.raw_body), stored.body_sha256);
  const note = `Reprocessed by ${actor.email} at ${new Date().toISOString()}.`;

  let result: ReprocessResult;
  if (decision.kind === "quarantine" || unreadable) {
    const errors = decision.kind === "quarantine" ? decision.errors : [];
    const reason = decision.kind === "quarantine" ? decision.reason : "The body is not JSON.";
    await db().$executeRaw`
      UPDATE delivery SET quarantine_reason = ${reason}, validation_errors = ${JSON.stringify(errors)}::jsonb,
        note = concat_ws(' ', note, ${`${note} Still quarantined.`}::text) WHERE id = ${deliveryId}::bigint`;
    result = { outcome: "still_quarantined", reason, errors };
  } else {
    const resolve = Prisma.sql`
      UPDATE delivery SET outcome = ${OUTCOME_OF[decision.kind]}::"DeliveryOutcome", event_type = ${decision.eventType},
        dedupe_key = ${decision.dedupeKey}, callback_id = ${decision.callbackId}, quarantine_reason = NULL, validation_errors = NULL,
        note = concat_ws(' ', note, ${[note, ...decision.notes].join(" ")}::text)
      WHERE id = ${deliveryId}::bigint AND outcome = 'quarantined'
      RETURNING ${ANNOUNCED_DELIVERY_COLUMNS}`;
    try {
      const updated = await db().$queryRaw<{ id: bigint; projected: number }[]>(withProjection(resolve, decision));
      result = updated[0] ? { outcome: "resolved", newOutcome: OUTCOME_OF[decision.kind] } : { outcome: "not_quarantined" };
    } catch (error) {
      // The sender already delivered this (fixed or resent) under the same key: a duplicate of that one.
      if (!(error instanceof Error && /dedupe_key|Unique constraint|unique/i.test(error.message))) throw error;
      const original = await db().$queryRaw<{ id: bigint }[]>`
        SELECT id FROM delivery WHERE sender = ${stored.sender}::"Sender" AND dedupe_key = ${decision.dedupeKey}`;
      const duplicateOfId = original[0]?.id ?? null;
      await db().$executeRaw`
        UPDATE delivery SET outcome = 'duplicate', duplicate_of_id = ${duplicateOfId}, quarantine_reason = NULL, validation_errors = NULL,
          note = concat_ws(' ', note, ${`${note} Already received as another delivery.`}::text) WHERE id = ${deliveryId}::bigint`;
      result = { outcome: "duplicate", duplicateOfId: String(duplicateOfId) };
    }
  }
  await recordAudit({
    action: "delivery.reprocess",
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress,
    details: { deliveryId, ...result },
  });
  return result;
}
