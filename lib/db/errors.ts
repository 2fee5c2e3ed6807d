// Telling "the database is unavailable" (a sender should retry: 503) apart from our own faults (500).

const UNAVAILABLE_PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);
// connection_exception (08…), admin/crash shutdown and "cannot connect now" (57P01–57P03), too many connections (53300)
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-3]|53300)$/;
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Can't reach database server|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Client has encountered a connection error/i;

function* causes(error: unknown): Generator<Record<string, unknown>> {
  const seen = new Set<unknown>();
  const queue = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const record = current as Record<string, unknown>;
    yield record;
    queue.push(record.cause, (record.meta as Record<string, unknown> | undefined)?.driverAdapterError);
  }
}

export function isDatabaseUnavailable(error: unknown): boolean {
  for (const cause of causes(error)) {
    const code = typeof cause.code === "string" ? cause.code : undefined;
    const kind = typeof cause.kind === "string" ? cause.kind : undefined;
    const originalCode = typeof cause.originalCode === "string" ? cause.originalCode : undefined;
    if (code && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_NODE_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (kind && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    if (originalCode && UNAVAILABLE_SQLSTATE.test(originalCode)) return true;
    if (typeof cause.message === "string" && UNAVAILABLE_MESSAGE.test(cause.message)) return true;
  }
  return false;
}

/**
 * Runs a page's data loading; an unreachable database becomes an explicit "unavailable" result
 * for the page to show as an outage — never as an empty list. Other errors still throw.
 */
export async function unlessDatabaseUnavailable<T>(load: () => Promise<T>): Promise<{ available: true; data: T } | { available: false }> {
  try {
    return { available: true, data: await load() };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { available: false };
    throw error;
  }
}
