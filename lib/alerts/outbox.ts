import "server-only";
import { appUrl } from "@/lib/auth/auth";
import type { Prisma } from "@/lib/db/generated/client";
import { ruleDefinition } from "./rules";

export type Transition = "fired" | "resolved" | "reminder" | "test";

type Tx = Prisma.TransactionClient;

/** What every channel is told: enough to read on a phone, and a link to the alert. */
export interface NotificationPayload {
  type: `alert.${Transition}`;
  alert: {
    id: string;
    rule: string;
    ruleTitle: string;
    state: string;
    summary: string;
    subject: Record<string, unknown>;
    occurrences: number;
    firedAt: string;
    url: string;
    subjectUrl: string | null;
  };
  note?: string | null;
}

/** Where the alert's subject lives on the dashboard. */
export function subjectPath(subject: Record<string, unknown>): string | null {
  if (typeof subject.exchangeId === "string") return `/exchanges/${subject.exchangeId}`;
  if (typeof subject.latestDeliveryId === "string") return `/deliveries/${subject.latestDeliveryId}`;
  if (typeof subject.crmUserId === "string") return `/prop-trading/rejected?user=${encodeURIComponent(subject.crmUserId)}`;
  if (subject.sender === "crm" || subject.sender === "banking") return `/deliveries?sender=${subject.sender}`;
  return null;
}

export interface AlertForNotice {
  id: bigint;
  ruleId: string;
  state: string;
  summary: string;
  subject: unknown;
  occurrences: number;
  firedAt: Date;
}

export function payloadOf(alert: AlertForNotice, transition: Transition, note?: string | null): NotificationPayload {
  const subject = (alert.subject ?? {}) as Record<string, unknown>;
  const base = appUrl();
  const subjectAt = subjectPath(subject);
  return {
    type: `alert.${transition}`,
    alert: {
      id: alert.id.toString(),
      rule: alert.ruleId,
      ruleTitle: ruleDefinition(alert.ruleId)?.title ?? alert.ruleId,
      state: alert.state,
      summary: alert.summary,
      subject,
      occurrences: alert.occurrences,
      firedAt: alert.firedAt.toISOString(),
      url: new URL(`/alerts/${alert.id}`, base).toString(),
      subjectUrl: subjectAt ? new URL(subjectAt, base).toString() : null,
    },
    ...(note ? { note } : {}),
  };
}

/**
 * Writes the notifications of one transition to the outbox, in the caller's transaction: they are
 * committed with the alert's change or not at all. `occasion` makes the idempotency key unique per
 * transition (a reminder's number, a resolution's time); a receiver that sees a key twice has seen
 * the same notification.
 */
export async function enqueueNotifications(
  tx: Tx,
  alert: AlertForNotice,
  transition: Transition,
  channelIds: readonly bigint[],
  occasion: string,
  note?: string | null,
): Promise<number> {
  if (channelIds.length === 0) return 0;
  const channels = await tx.alertChannel.findMany({ where: { id: { in: [...channelIds] }, enabled: true }, select: { id: true } });
  const payload = payloadOf(alert, transition, note) as unknown as Prisma.InputJsonValue;
  const created = await tx.notification.createMany({
    data: channels.map((channel) => ({
      alertId: alert.id,
      channelId: channel.id,
      transition,
      idempotencyKey: `alert-${alert.id}-${transition}-${occasion}-channel-${channel.id}`,
      payload,
    })),
    skipDuplicates: true,
  });
  return created.count;
}
