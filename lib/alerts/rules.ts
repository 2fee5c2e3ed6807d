// The alert rules, declared once: what each watches, its thresholds (with the defaults shipped),
// how the rules screen labels them, whether it resolves by itself when its condition clears, and
// whether a delivery's commit should trigger it at once (event-driven) rather than on the period.
// No "server-only": the rules screen's client form renders the parameters from here too.
import { z } from "zod";

export type ParamKind = "minutes" | "count" | "days" | "time" | "weekdays" | "timeZone";

export interface RuleParam {
  key: string;
  label: string;
  kind: ParamKind;
  /** For numbers. */
  min?: number;
  max?: number;
}

export interface RuleDefinition {
  id: string;
  title: string;
  description: string;
  params: RuleParam[];
  defaults: Record<string, number | string>;
  /** Resolves by itself once the condition clears; otherwise only by hand. */
  autoResolve: boolean;
  /** Re-evaluated within seconds of a delivery's commit, besides the period. */
  eventDriven: boolean;
}

const minutes = (key: string, label: string, max = 60 * 24 * 30): RuleParam => ({ key, label, kind: "minutes", min: 1, max });

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export const RULES = [
  {
    id: "exchange-stuck",
    title: "Exchange stuck in a status",
    description:
      "An exchange in a non-final status for longer than that status's threshold, measured from the arrival of the callback that set it. Exchanges silent for longer than the look-back are left alone (abandoned, not stuck). Resolves when the exchange moves on.",
    params: [
      minutes("WaitingForApproval", "WaitingForApproval longer than"),
      minutes("WaitingForConfirmation", "WaitingForConfirmation longer than"),
      minutes("AwaitingRfi", "AwaitingRfi longer than"),
      minutes("Pending", "Pending longer than"),
      { key: "lookbackDays", label: "Look back at most (days)", kind: "days", min: 1, max: 365 },
    ],
    defaults: { WaitingForApproval: 240, WaitingForConfirmation: 60, AwaitingRfi: 1440, Pending: 120, lookbackDays: 14 },
    autoResolve: true,
    eventDriven: false,
  },
  {
    id: "rfi-open",
    title: "RFI open too long",
    description:
      "An exchange whose request for information has been open longer than the threshold (from the first callback of the current open RFI). Resolves when the RFI closes or the exchange ends.",
    params: [
      minutes("minutes", "Open longer than"),
      { key: "lookbackDays", label: "Look back at most (days)", kind: "days", min: 1, max: 365 },
    ],
    defaults: { minutes: 2880, lookbackDays: 30 },
    autoResolve: true,
    eventDriven: false,
  },
  {
    id: "exchange-failed",
    title: "Exchange failed or rejected",
    description: "An exchange that ended Failed or Rejected (since the rule was switched on). Resolved by hand once someone has looked.",
    params: [],
    defaults: {},
    autoResolve: false,
    eventDriven: true,
  },
  {
    id: "sender-silent",
    title: "Sender silent",
    description:
      "No delivery from a sender for longer than its threshold — only within the active hours and weekdays, in the time zone given. Resolves with the sender's next delivery.",
    params: [
      minutes("crm", "Broker CRM silent longer than"),
      minutes("banking", "Banking platform silent longer than"),
      { key: "activeFrom", label: "Active from (HH:MM)", kind: "time" },
      { key: "activeTo", label: "Active until (HH:MM, 24:00 = midnight)", kind: "time" },
      { key: "weekdays", label: "On weekdays", kind: "weekdays" },
      { key: "timeZone", label: "Time zone (IANA)", kind: "timeZone" },
    ],
    defaults: { crm: 240, banking: 120, activeFrom: "00:00", activeTo: "24:00", weekdays: WEEKDAYS.join(","), timeZone: "UTC" },
    autoResolve: true,
    eventDriven: false,
  },
  {
    id: "refused-signatures",
    title: "Requests refused for their signature",
    description:
      "More refused (bad-signature) requests from one sender within the last hour than the threshold: a rotated secret or someone probing. Resolves when the last hour is back under it.",
    params: [{ key: "perHour", label: "More than (per hour)", kind: "count", min: 1, max: 499 }],
    defaults: { perHour: 20 },
    autoResolve: true,
    eventDriven: false,
  },
  {
    id: "quarantine",
    title: "Deliveries quarantined",
    description:
      "Authentic deliveries that failed their schema (since the rule was switched on): one alert per sender and reason, counting them. Resolves when none of them is left in quarantine (reprocessed or dismissed).",
    params: [],
    defaults: {},
    autoResolve: true,
    eventDriven: true,
  },
  {
    id: "repeated-rejections",
    title: "CRM user rejected repeatedly",
    description: "The same CRM user's prop-trading requests rejected at least N times within D days. Resolves when the window holds fewer.",
    params: [
      { key: "count", label: "At least (rejections)", kind: "count", min: 2, max: 1000 },
      { key: "days", label: "Within (days)", kind: "days", min: 1, max: 365 },
    ],
    defaults: { count: 3, days: 7 },
    autoResolve: true,
    // Every CRM rejection would trigger it: measured, that cost the intake a quarter of its speed
    // (npm run bench, section live). Checked on the period instead.
    eventDriven: false,
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]["id"];
export const RULE_IDS = RULES.map((rule) => rule.id) as RuleId[];

export function ruleDefinition(id: string): RuleDefinition | undefined {
  return (RULES as readonly RuleDefinition[]).find((rule) => rule.id === id);
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function paramSchema(param: RuleParam): z.ZodType {
  switch (param.kind) {
    case "minutes":
    case "count":
    case "days":
      return z.coerce
        .number({ message: "expected a number" })
        .int("expected a whole number")
        .min(param.min ?? 0)
        .max(param.max ?? Number.MAX_SAFE_INTEGER);
    case "time":
      return z.string().trim().regex(HH_MM, "expected HH:MM");
    case "weekdays":
      return z
        .string()
        .trim()
        .transform((value) => value.split(/[,\s]+/).filter(Boolean))
        .refine((days) => days.length > 0 && days.every((day) => (WEEKDAYS as readonly string[]).includes(day)), {
          message: `expected weekdays among ${WEEKDAYS.join(", ")}`,
        })
        .transform((days) => WEEKDAYS.filter((day) => days.includes(day)).join(","));
    case "timeZone":
      return z.string().trim().refine(validTimeZone, "expected an IANA time zone such as Europe/London");
  }
}

/** The schema of a rule's parameters: what the rules screen's form and the stored JSON are read with. */
export function paramsSchema(rule: RuleDefinition) {
  return z.object(Object.fromEntries(rule.params.map((param) => [param.key, paramSchema(param)])));
}

/** Stored parameters read leniently: anything missing or malformed takes the default, so a rule always runs. */
export function readParams(rule: RuleDefinition, stored: unknown): Record<string, number | string> {
  const values: Record<string, number | string> = { ...rule.defaults };
  const source = typeof stored === "object" && stored !== null ? (stored as Record<string, unknown>) : {};
  for (const param of rule.params) {
    const parsed = paramSchema(param).safeParse(source[param.key]);
    if (parsed.success) values[param.key] = parsed.data as number | string;
  }
  return values;
}
