import { EXCHANGE_FIELDS, type ExchangeFieldValues } from "@/lib/catalogue/exchange";
import { describeIssues, quarantineReason } from "../fields";
import type { ExchangeStatusUpdate, IntakeDecision } from "../intake-decision";
import { type JsonValue, peekText } from "../json";
import { canonicalCallbackType, EXCHANGE_STATUS_UPDATED } from "./callback-types";
import { bankingEnvelopeSchema, ENVELOPE_KEYS, EXCHANGE_KEYS, exchangeStatusDataSchema, withCanonicalKeys } from "./schema";
import { canonicalStatus, statusRank } from "./statuses";

export function normalizeBankingDelivery(payload: JsonValue, bodySha256: string): IntakeDecision {
  const envelopeInput = withCanonicalKeys(payload, ENVELOPE_KEYS) ?? payload;
  const envelope = bankingEnvelopeSchema.safeParse(envelopeInput);
  const callbackId = envelope.success ? envelope.data.Id.trim() : (peekText(payload, ["Id"])?.trim() ?? null);
  // The callback Id identifies a request; without one, identical bytes do.
  const dedupeKey = callbackId ? `callback:${callbackId.toLowerCase()}` : `sha256:${bodySha256}`;
  if (!envelope.success) {
    const errors = describeIssues(envelope.error, envelopeInput);
    return {
      kind: "quarantine",
      eventType: peekText(payload, ["Type"])?.slice(0, 200) ?? "(no callback type)",
      dedupeKey,
      callbackId: callbackId?.slice(0, 200) ?? null,
      notes: [],
      reason: quarantineReason("The banking envelope does not match { Id, Type, Data }", errors),
      errors,
    };
  }
  const sentType = envelope.data.Type.trim();
  const { type, known } = canonicalCallbackType(sentType);
  const notes = type !== sentType ? [`Type sent as "${sentType}".`] : [];
  if (type !== EXCHANGE_STATUS_UPDATED) {
    return {
      kind: "store",
      eventType: type,
      dedupeKey,
      callbackId,
      notes: known ? notes : [...notes, "Callback type outside the documented catalogue; stored as received."],
    };
  }
  const dataInput = withCanonicalKeys(envelope.data.Data as JsonValue, EXCHANGE_KEYS) ?? envelope.data.Data;
  const data = exchangeStatusDataSchema.safeParse(dataInput);
  if (!data.success) {
    const errors = describeIssues(data.error, dataInput, ["Data"]);
    return {
      kind: "quarantine",
      eventType: type,
      dedupeKey,
      callbackId,
      notes,
      reason: quarantineReason("The exchange status callback's Data does not match the documented fields", errors),
      errors,
    };
  }
  const exchange = data.data;
  const status = canonicalStatus(exchange.Status);
  const rank = statusRank(status);
  const fields = Object.fromEntries(EXCHANGE_FIELDS.map((field) => [field.key, exchange[field.sent]])) as ExchangeFieldValues;
  const projection: ExchangeStatusUpdate = { kind: "exchange-status-update", exchangeId: exchange.Id, status, statusRank: rank, ...fields };
  return {
    kind: "project",
    eventType: type,
    dedupeKey,
    callbackId,
    notes: rank === 0 ? [...notes, `Status "${status}" is not one we know; stored and shown, not ranked.`] : notes,
    projection,
  };
}
