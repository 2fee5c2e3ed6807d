// zod schemas of what the broker CRM sends: { source: { service, group, event }, target: { name },
// version, data }, with the request's fields in data (numbers often sent as strings).
import { z } from "zod";
import { optionalDecimal, optionalText, text } from "../fields";
import { isJsonObject, isStorableText, type JsonValue } from "../json";

/** `{ source: { service, group, event }, target: { name }, version, data }` */
export const crmEnvelopeSchema = z.object({
  source: z.object({
    service: optionalText,
    group: optionalText,
    event: text.pipe(z.string().min(1, "is empty")),
  }),
  target: z.object({ name: optionalText }).nullish(),
  version: optionalText,
  data: z.unknown(),
});

/**
 * "YYYY-MM-DD HH:mm:ss" in UTC with no zone marker, as documented; an ISO 8601 timestamp (with or
 * without a zone, UTC when absent) is accepted too.
 */
export const crmTimestamp = text.transform((value, ctx): Date => {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$/.exec(value.trim());
  if (!match) {
    ctx.addIssue({ code: "custom", message: 'expected a time as "YYYY-MM-DD HH:mm:ss" (UTC)' });
    return z.NEVER;
  }
  const [, year, month, day, hour, minute, second, fraction = "", zone = "Z"] = match;
  const parts = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const local = new Date(
    Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], Math.round(Number(`0${fraction || ".0"}`) * 1000)),
  );
  if (
    local.getUTCMonth() !== parts[1] - 1 ||
    local.getUTCDate() !== parts[2] ||
    local.getUTCHours() !== parts[3] ||
    parts[4] > 59 ||
    parts[5] > 59
  ) {
    ctx.addIssue({ code: "custom", message: "is not a real date and time" });
    return z.NEVER;
  }
  const offsetMinutes = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const date = new Date(local.getTime() - offsetMinutes * 60_000);
  return date;
});

/** Leverage is documented as a string and sent as a number; "1:200" means 200. */
export const leverage = z
  .unknown()
  .optional()
  .transform((value, ctx): string | null => {
    const ratio = typeof value === "string" && value.length <= 100 ? /^\s*1\s*:\s*(\d+(\.\d+)?)\s*$/.exec(value) : null;
    const parsed = optionalDecimal.safeParse(ratio ? ratio[1] : value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
    return z.NEVER;
  });

/**
 * Locale → name, e.g. { "en-us": "…", "zh-cn": "…" }, kept whole; a plain string is kept as the only
 * name. Built with Object.fromEntries, which defines own keys: a locale named "__proto__" stays a
 * locale (zod's record would assign it, setting the prototype and losing the name).
 */
export const packageNames = z
  .unknown()
  .optional()
  .transform((value, ctx): Record<string, string> | null => {
    if (value === undefined || value === null) return null;
    const names: [string, unknown][] = isJsonObject(value as JsonValue)
      ? Object.entries(value as Record<string, JsonValue>)
      : [["", value]];
    const kept: [string, string][] = [];
    for (const [locale, name] of names) {
      const path = isJsonObject(value as JsonValue) ? [locale] : [];
      if (!isStorableText(locale)) {
        ctx.addIssue({
          code: "custom",
          path,
          message: "the locale contains a NUL character or an unpaired surrogate, which cannot be stored",
        });
        continue;
      }
      const parsed = text.safeParse(name);
      if (parsed.success) kept.push([locale, parsed.data]);
      else for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path, message: issue.message });
    }
    return kept.length === names.length ? Object.fromEntries(kept) : z.NEVER;
  });

/** `data` of crm.webhooks.requests.propTrading.reject and crm.webhooks.requests.propTradingLive.reject */
export const propTradingRejectDataSchema = z.object({
  id: text.pipe(z.string().trim().min(1, "is empty")),
  type: optionalText,
  status: optionalText,
  user_id: text.pipe(z.string().trim().min(1, "is empty")),
  request_time: crmTimestamp,
  package_name: packageNames,
  platform: optionalText,
  connection_id: optionalText,
  group: optionalText,
  leverage: leverage,
  initial_balance: optionalDecimal,
  max_daily_loss_percent: optionalDecimal,
  max_loss_percent: optionalDecimal,
  profit_target_percent: optionalDecimal,
});

export type PropTradingRejectData = z.output<typeof propTradingRejectDataSchema>;
