import "server-only";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { NOT_FINAL_EXCHANGE_STATUSES, TERMINAL_RANK } from "@/lib/ingest/banking/statuses";
import { activeWindowStart, formatMinutes, withinActiveHours } from "./clock";
import type { RuleId } from "./rules";

/** A rule's condition holding for one subject, as of one evaluation. */
export interface Condition {
  /** Unique per rule among open alerts, e.g. `exchange:11669`. */
  key: string;
  /** What the alert page links to and shows. */
  subject: Record<string, string | number | null>;
  summary: string;
  /** How many times it happened (quarantined deliveries, refusals, rejections); 1 for a state. */
  occurrences: number;
}

interface RuleInput {
  params: Record<string, number | string>;
  now: Date;
  /** When the rule was last switched on: event rules look no further back. */
  enabledAt: Date;
}

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);
const daysAgo = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
const ageMinutes = (now: Date, since: Date) => Math.floor((now.getTime() - since.getTime()) / 60_000);

/** Each has its threshold among the rule's parameters (lib/alerts/rules.ts), under the status's name. */
const STUCK_STATUSES = NOT_FINAL_EXCHANGE_STATUSES;

async function exchangeStuck({ params, now }: RuleInput): Promise<Condition[]> {
  const thresholds = Prisma.join(
    STUCK_STATUSES.map((status) => Prisma.sql`(x.status = ${status} AND e.received_at < ${minutesAgo(now, Number(params[status]))})`),
    " OR ",
  );
  // last_update_at is at least the current step's arrival, so the look-back can use its index.
  const rows = await db().$queryRaw<{ id: string; status: string; since: Date; pair: string | null; managee: string | null }[]>`
    SELECT x.exchange_id::text AS id, x.status, e.received_at AS since, x.asset_pair AS pair, x.managees_id::text AS managee
    FROM exchange x JOIN exchange_status_event e ON e.id = x.current_event_id
    WHERE x.last_update_at > ${daysAgo(now, Number(params.lookbackDays))} AND x.status_rank < ${TERMINAL_RANK}
      AND e.received_at > ${daysAgo(now, Number(params.lookbackDays))} AND (${thresholds})`;
  return rows.map((row) => ({
    key: `exchange:${row.id}`,
    subject: { exchangeId: row.id, status: row.status, assetPair: row.pair, manageeId: row.managee, since: row.since.toISOString() },
    summary: `Exchange #${row.id} has been ${row.status} for ${formatMinutes(ageMinutes(now, row.since))} (threshold ${formatMinutes(Number(params[row.status]))}).`,
    occurrences: 1,
  }));
}

async function rfiOpen({ params, now }: RuleInput): Promise<Condition[]> {
  const rows = await db().$queryRaw<{ id: string; since: Date; pair: string | null; managee: string | null }[]>`
    SELECT id, since, pair, managee FROM (
      SELECT x.exchange_id::text AS id, x.asset_pair AS pair, x.managees_id::text AS managee,
        -- The current open RFI began with the first RFI callback after the last one without it.
        COALESCE((
          SELECT min(s.received_at) FROM exchange_status_event s
          WHERE s.exchange_id = x.exchange_id AND s.has_open_rfi
            AND s.received_at > COALESCE((SELECT max(c.received_at) FROM exchange_status_event c
                                          WHERE c.exchange_id = x.exchange_id AND c.has_open_rfi IS NOT TRUE), '-infinity')
        ), x.last_update_at) AS since
      FROM exchange x
      WHERE x.has_open_rfi AND x.status_rank < ${TERMINAL_RANK} AND x.last_update_at > ${daysAgo(now, Number(params.lookbackDays))}
    ) open_rfi
    WHERE since < ${minutesAgo(now, Number(params.minutes))}`;
  return rows.map((row) => ({
    key: `exchange:${row.id}`,
    subject: { exchangeId: row.id, assetPair: row.pair, manageeId: row.managee, since: row.since.toISOString() },
    summary: `Exchange #${row.id} has had an RFI open for ${formatMinutes(ageMinutes(now, row.since))} (threshold ${formatMinutes(Number(params.minutes))}).`,
    occurrences: 1,
  }));
}

async function exchangeFailed({ now, enabledAt }: RuleInput): Promise<Condition[]> {
  const since = new Date(Math.max(enabledAt.getTime(), daysAgo(now, 7).getTime()));
  const rows = await db().$queryRaw<{ id: string; status: string; at: Date; pair: string | null; managee: string | null }[]>`
    SELECT x.exchange_id::text AS id, x.status, e.received_at AS at, x.asset_pair AS pair, x.managees_id::text AS managee
    FROM exchange x JOIN exchange_status_event e ON e.id = x.current_event_id
    WHERE x.last_update_at >= ${since} AND x.status IN ('Failed', 'Rejected') AND e.received_at >= ${since}`;
  return rows.map((row) => ({
    key: `exchange:${row.id}`,
    subject: { exchangeId: row.id, status: row.status, assetPair: row.pair, manageeId: row.managee, at: row.at.toISOString() },
    summary: `Exchange #${row.id} (${row.pair ?? "unknown pair"}, managee ${row.managee ?? "unknown"}) ended ${row.status}.`,
    occurrences: 1,
  }));
}

const SENDER_NAMES = { crm: "The broker CRM", banking: "The banking platform" } as const;

async function senderSilent({ params, now, enabledAt }: RuleInput): Promise<Judged> {
  const zone = String(params.timeZone);
  const from = String(params.activeFrom);
  const to = String(params.activeTo);
  const active = withinActiveHours(now, zone, from, to, String(params.weekdays));
  // Within a window of active hours, silence counts from its start at the earliest: a sender quiet
  // over the weekend is not "silent for 2 d" at 09:00 on Monday.
  const windowStart = active ? activeWindowStart(now, zone, from, to) : null;
  const conditions: Condition[] = [];
  for (const sender of ["crm", "banking"] as const) {
    const rows = await db().$queryRaw<{ last: Date | null }[]>`
      SELECT received_at AS last FROM delivery WHERE sender = ${sender}::"Sender" ORDER BY received_at DESC LIMIT 1`;
    const last = rows[0]?.last ?? null;
    const quietSince = new Date(Math.max(last?.getTime() ?? 0, enabledAt.getTime(), windowStart?.getTime() ?? 0));
    const threshold = Number(params[sender]);
    if (quietSince >= minutesAgo(now, threshold)) continue;
    conditions.push({
      key: `sender:${sender}`,
      subject: { sender, lastDeliveryAt: last?.toISOString() ?? null },
      summary: `${SENDER_NAMES[sender]} has sent nothing for ${formatMinutes(ageMinutes(now, last ?? enabledAt))}${last ? "" : " (nothing at all yet)"} (threshold ${formatMinutes(threshold)}${windowStart ? " within active hours" : ""}).`,
      occurrences: 1,
    });
  }
  // Outside active hours nothing new fires, but a sender that has spoken again resolves its alert.
  return { conditions, mayFire: active };
}

async function refusedSignatures({ params, now }: RuleInput): Promise<Condition[]> {
  // The hourly tallies count every refusal (the samples kept in refused_request are capped): the
  // last hour is this hour's tally plus the share of the previous hour's still inside the window.
  const rows = await db().$queryRaw<{ sender: "crm" | "banking"; refused: number; reason: string | null }[]>`
    WITH tallies AS (
      SELECT sender, hour, count, last_reason,
             CASE WHEN hour = date_trunc('hour', ${now}::timestamptz) THEN 1.0
                  ELSE 1.0 - extract(epoch FROM (${now}::timestamptz - date_trunc('hour', ${now}::timestamptz))) / 3600.0 END AS share
      FROM signature_failure
      WHERE hour >= date_trunc('hour', ${now}::timestamptz) - interval '1 hour' AND hour <= ${now}::timestamptz
    )
    SELECT sender::text AS sender, round(sum(count * share))::int AS refused,
           (array_agg(last_reason ORDER BY hour DESC))[1] AS reason
    FROM tallies GROUP BY sender HAVING round(sum(count * share)) > ${Number(params.perHour)}`;
  return rows.map((row) => ({
    key: `sender:${row.sender}`,
    subject: { sender: row.sender, lastReason: row.reason },
    summary: `About ${row.refused} requests claiming to be from ${SENDER_NAMES[row.sender].replace("The ", "the ")} were refused for their signature in the last hour (threshold ${params.perHour}); the latest: ${row.reason ?? "unknown"}.`,
    occurrences: row.refused,
  }));
}

async function quarantine({ enabledAt }: RuleInput): Promise<Condition[]> {
  const rows = await db().$queryRaw<{ sender: "crm" | "banking"; reason: string; waiting: number; latest: string }[]>`
    SELECT sender::text AS sender, split_part(coalesce(quarantine_reason, 'no reason recorded'), ': ', 1) AS reason,
           count(*)::int AS waiting, max(id)::text AS latest
    FROM delivery WHERE outcome = 'quarantined' AND received_at >= ${enabledAt}
    GROUP BY 1, 2`;
  return rows.map((row) => ({
    key: `quarantine:${row.sender}:${row.reason.slice(0, 200)}`,
    subject: { sender: row.sender, reason: row.reason, latestDeliveryId: row.latest },
    summary: `${row.waiting} ${row.sender === "crm" ? "CRM" : "banking"} deliver${row.waiting === 1 ? "y" : "ies"} in quarantine: ${row.reason}.`,
    occurrences: row.waiting,
  }));
}

async function repeatedRejections({ params, now }: RuleInput): Promise<Condition[]> {
  const rows = await db().$queryRaw<{ user: string; rejections: number }[]>`
    SELECT user_id AS user, count(*)::int AS rejections FROM prop_trading_request
    WHERE received_at > ${daysAgo(now, Number(params.days))} AND user_id IS NOT NULL
    GROUP BY user_id HAVING count(*) >= ${Number(params.count)}`;
  return rows.map((row) => ({
    key: `crm-user:${row.user.slice(0, 200)}`,
    subject: { crmUserId: row.user },
    summary: `CRM user ${row.user} had ${row.rejections} prop-trading requests rejected within ${params.days} days (threshold ${params.count}).`,
    occurrences: row.rejections,
  }));
}

/** What holds now for a rule, and whether it may open new alerts now (not outside its active hours). */
export interface Judged {
  conditions: Condition[];
  mayFire: boolean;
}

const always =
  (judge: (input: RuleInput) => Promise<Condition[]>) =>
  async (input: RuleInput): Promise<Judged> => ({ conditions: await judge(input), mayFire: true });

export const CONDITIONS: Record<RuleId, (input: RuleInput) => Promise<Judged>> = {
  "exchange-stuck": always(exchangeStuck),
  "rfi-open": always(rfiOpen),
  "exchange-failed": always(exchangeFailed),
  "sender-silent": senderSilent,
  "refused-signatures": always(refusedSignatures),
  quarantine: always(quarantine),
  "repeated-rejections": always(repeatedRejections),
};
