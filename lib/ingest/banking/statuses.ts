// Exchange statuses and their order. Callbacks carry no timestamp and arrive in any order, so an
// exchange's current status is the highest-ranked one seen.

export const TERMINAL_RANK = 4;

const RANKS: Record<string, number> = {
  WaitingForApproval: 1,
  WaitingForConfirmation: 2,
  AwaitingRfi: 2,
  Pending: 3,
  Completed: TERMINAL_RANK,
  Failed: TERMINAL_RANK,
  Rejected: TERMINAL_RANK,
};

export const KNOWN_EXCHANGE_STATUSES = Object.keys(RANKS);
/** The documented statuses an exchange can still leave. */
export const NOT_FINAL_EXCHANGE_STATUSES = KNOWN_EXCHANGE_STATUSES.filter((status) => (RANKS[status] ?? 0) < TERMINAL_RANK);
const CANONICAL = new Map(KNOWN_EXCHANGE_STATUSES.map((status) => [status.toLowerCase(), status]));

/** The documented spelling of a status (matched case-insensitively), or the status as sent if unknown. */
export function canonicalStatus(status: string): string {
  return CANONICAL.get(status.trim().toLowerCase()) ?? status.trim();
}

/** 1–4 for known statuses; 0 for one we do not know yet: shown, but never ranked above a known one. */
export function statusRank(status: string): number {
  return RANKS[canonicalStatus(status)] ?? 0;
}

export function isTerminalStatus(status: string): boolean {
  return statusRank(status) === TERMINAL_RANK;
}
