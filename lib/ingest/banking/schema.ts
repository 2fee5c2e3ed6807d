// zod schemas of what the banking platform sends: { Id, Type, Data } with the exchange's fields in
// Data (numbers as numbers or strings, nulls for what is not known yet, a trailing comma tolerated).
import { z } from "zod";
import { integer, optionalBoolean, optionalDecimal, optionalInteger, optionalText, text } from "../fields";
import { isJsonObject, type JsonValue } from "../json";

/**
 * The docs are inconsistent about key case (`RollbackTransactionsID` / `RollbackTransactionsId`):
 * keys are matched case-insensitively, the documented spelling winning over a variant.
 */
export function withCanonicalKeys(value: JsonValue | undefined, keys: readonly string[]): Record<string, JsonValue> | undefined {
  if (!isJsonObject(value)) return undefined;
  const result = new Map<string, JsonValue>();
  const byLowerCase = new Map(keys.map((key) => [key.toLowerCase(), key]));
  for (const [key, entry] of Object.entries(value)) {
    const canonical = byLowerCase.get(key.toLowerCase());
    if (canonical && (canonical === key || !result.has(canonical))) result.set(canonical, entry);
    else if (!canonical) result.set(key, entry);
  }
  // Own keys only: assigning a "__proto__" key would set the prototype, and the schema would then
  // read fields the sender never sent at that level.
  return Object.fromEntries(result);
}

export const ENVELOPE_KEYS = ["Id", "Type", "Data"] as const;

/** `{ Id: "<GUID of this callback request>", Type: "<CALLBACK_TYPE>", Data: { … } }` */
export const bankingEnvelopeSchema = z.object({
  Id: text.pipe(z.string().trim().min(1, "is empty")),
  Type: text.pipe(z.string().trim().min(1, "is empty")),
  Data: z.unknown(),
});

/** 0 = Buy, 1 = Sell; the REST API spells them "Buy"/"Sell". Another value is kept as sent. */
export const exchangeType = optionalText.transform((value) => {
  if (value === null) return null;
  const normalized = value.trim().toLowerCase();
  if (normalized === "0" || normalized === "buy") return "Buy";
  if (normalized === "1" || normalized === "sell") return "Sell";
  return value.trim();
});

/** `Data` of EXCHANGE_STATUS_UPDATED. */
export const exchangeStatusDataSchema = z.object({
  Id: integer,
  ExchangeType: exchangeType,
  Status: text.pipe(z.string().trim().min(1, "is empty")),
  FromTransactionsId: optionalInteger,
  ToTransactionsId: optionalInteger,
  ManageesId: optionalInteger,
  AssetPair: optionalText.transform((pair) => pair?.trim() || null),
  RequestAmount: optionalDecimal,
  RequestPrice: optionalDecimal,
  ExecutedAmount: optionalDecimal,
  ExecutedPrice: optionalDecimal,
  CommissionFee: optionalDecimal,
  PayeesId: optionalInteger,
  TransferType: optionalText,
  bHasOpenRfi: optionalBoolean,
  FromCustomerAssetAccountId: optionalInteger,
  ToCustomerAssetAccountId: optionalInteger,
});

/** The documented keys of `Data`, for matching a sender's variant spellings (lower case) to them. */
export const EXCHANGE_KEYS = Object.keys(exchangeStatusDataSchema.shape) as (keyof typeof exchangeStatusDataSchema.shape)[];
