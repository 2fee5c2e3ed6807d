import { describeIssues, quarantineReason } from "../fields";
import type { IntakeDecision, PropTradingRejection } from "../intake-decision";
import { type JsonValue, peekText } from "../json";
import { parseCrmEventSlug, propTradingStageOf } from "./events";
import { crmEnvelopeSchema, type PropTradingRejectData, propTradingRejectDataSchema } from "./schema";

/** en-us first, then any other locale's non-empty name. */
export function displayPackageName(names: Record<string, string> | null): string | null {
  if (!names) return null;
  const entries = Object.entries(names).filter(([, name]) => name.trim() !== "");
  const english = entries.find(([locale]) => locale.toLowerCase() === "en-us");
  return (english ?? entries[0])?.[1] ?? null;
}

function toRejection(
  data: PropTradingRejectData,
  stage: "challenge" | "live",
  eventSlug: string,
  targetName: string | null,
): PropTradingRejection {
  const packageName = displayPackageName(data.package_name);
  const searchable = [data.id, data.user_id, data.group, data.connection_id, data.platform, ...Object.values(data.package_name ?? {})];
  return {
    kind: "prop-trading-rejection",
    requestId: data.id.trim(),
    stage,
    requestType: data.type,
    sentStatus: data.status,
    userId: data.user_id.trim(),
    requestTime: data.request_time,
    packageNames: data.package_name,
    packageName,
    platform: data.platform,
    connectionId: data.connection_id,
    groupName: data.group,
    leverage: data.leverage,
    initialBalance: data.initial_balance,
    maxDailyLossPercent: data.max_daily_loss_percent,
    maxLossPercent: data.max_loss_percent,
    profitTargetPercent: data.profit_target_percent,
    eventSlug,
    targetName,
    searchText: searchable
      .filter((part): part is string => typeof part === "string" && part !== "")
      .join(" ")
      .toLowerCase(),
  };
}

export function normalizeCrmDelivery(payload: JsonValue, bodySha256: string): IntakeDecision {
  const bodyKey = `sha256:${bodySha256}`;
  const envelope = crmEnvelopeSchema.safeParse(payload);
  if (!envelope.success) {
    const errors = describeIssues(envelope.error, payload);
    return {
      kind: "quarantine",
      eventType: peekText(payload, ["source", "event"])?.slice(0, 200) ?? "(no event slug)",
      dedupeKey: bodyKey,
      callbackId: null,
      notes: [],
      reason: quarantineReason("The CRM envelope does not match { source: { event }, target, version, data }", errors),
      errors,
    };
  }
  const slug = envelope.data.source.event.trim();
  const event = parseCrmEventSlug(slug);
  const stage = propTradingStageOf(event);
  if (!event || !stage) {
    return {
      kind: "store",
      eventType: slug,
      dedupeKey: bodyKey,
      callbackId: null,
      notes: event ? [] : ["Event slug outside the documented catalogue; stored as received."],
    };
  }
  const data = propTradingRejectDataSchema.safeParse(envelope.data.data);
  if (!data.success) {
    const errors = describeIssues(data.error, envelope.data.data, ["data"]);
    return {
      kind: "quarantine",
      eventType: slug,
      dedupeKey: bodyKey,
      callbackId: null,
      notes: [],
      reason: quarantineReason("The rejected prop-trading request's data does not match the documented fields", errors),
      errors,
    };
  }
  const rejection = toRejection(data.data, stage, slug, envelope.data.target?.name ?? null);
  return {
    kind: "project",
    eventType: slug,
    // One rejection per request: a resend, or another body for the same request, is a duplicate.
    dedupeKey: `${stage}-rejection:${rejection.requestId}`,
    callbackId: null,
    notes: [],
    projection: rejection,
  };
}
