// Banking platform callback types. Only EXCHANGE_STATUS_UPDATED is projected; the others are kept
// in the inbox. The platform's documentation spells some two ways (FIAT DEPOSIT RECEIVED,
// FIAT_DEPOSIT_RECIEVED); variants map to one name.

export const EXCHANGE_STATUS_UPDATED = "EXCHANGE_STATUS_UPDATED";

export const KNOWN_CALLBACK_TYPES = [
  EXCHANGE_STATUS_UPDATED,
  "TRANSACTION_STATUS_UPDATED",
  "FIAT_DEPOSIT_RECEIVED",
  "CRYPTO_DEPOSIT_CREATED",
  "CRYPTO_DEPOSIT_UPDATED",
  "CRYPTO_WITHDRAWAL_CREATED",
  "CRYPTO_WITHDRAWAL_UPDATED",
  "MANAGEE_JUMIO_COMPLETED",
  "INFORMATION_REQUESTED",
] as const;

const MISSPELLINGS: Record<string, string> = { FIAT_DEPOSIT_RECIEVED: "FIAT_DEPOSIT_RECEIVED" };

/** `FIAT DEPOSIT RECEIVED`, `fiat_deposit_recieved` … → `FIAT_DEPOSIT_RECEIVED`; unknown types keep their (upper-cased) name. */
export function canonicalCallbackType(type: string): { type: string; known: boolean } {
  const shouted = type
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  const canonical = MISSPELLINGS[shouted] ?? shouted;
  return { type: canonical, known: (KNOWN_CALLBACK_TYPES as readonly string[]).includes(canonical) };
}
