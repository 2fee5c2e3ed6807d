// Holds the database against what the load generator saw: every delivery acknowledged with 200 is
// stored exactly once (one inbox row that is not a duplicate, one domain row); a delivery that was
// not acknowledged may be missing, but is never there twice.
import type pg from "pg";
import type { DeliveryLedger } from "./load";

export interface ExactlyOnceNumbers {
  /** Distinct deliveries sent (each may have been attempted more than once). */
  sent: number;
  attempts: number;
  acknowledged: number;
  /** Distinct deliveries with their inbox row and domain row in the database. */
  stored: number;
  /** Stored although no attempt of it was answered 200 (the answer was lost to the fault). */
  storedUnacknowledged: number;
  /** Inbox rows recording a repeat (outcome `duplicate`). */
  duplicateRows: number;
  /** Acknowledged but missing: must be 0. */
  lost: number;
  /** Stored more than once: must be 0. */
  doubled: number;
  answers: Record<string, number>;
}

async function countsBy(pool: pg.Pool, sql: string, values: unknown[] = []): Promise<Map<string, number>> {
  const rows = (await pool.query<{ key: string; count: string }>(sql, values)).rows;
  return new Map(rows.map((row) => [row.key, Number(row.count)]));
}

/**
 * With `databaseHoldsOnlyThese`, also fails on any inbox row the ledger does not explain (the
 * spec emptied the database and nothing else writes to it); otherwise looks only at its deliveries.
 */
export async function checkExactlyOnce(
  pool: pg.Pool,
  ledger: DeliveryLedger,
  options: { databaseHoldsOnlyThese?: boolean } = {},
): Promise<{ numbers: ExactlyOnceNumbers; problems: string[] }> {
  const shas = [...new Set(ledger.deliveries.map((delivery) => delivery.sha256))];
  const keys = [...new Set(ledger.deliveries.map((delivery) => delivery.key))];
  const ofThese = options.databaseHoldsOnlyThese ? "true" : "body_sha256 = ANY($1::text[])";
  const shaParameter = options.databaseHoldsOnlyThese ? [] : [shas];
  const inboxRows = await countsBy(
    pool,
    `SELECT body_sha256 AS key, count(*) FROM delivery WHERE outcome <> 'duplicate' AND ${ofThese} GROUP BY 1`,
    shaParameter,
  );
  const duplicateRows = await countsBy(
    pool,
    `SELECT body_sha256 AS key, count(*) FROM delivery WHERE outcome = 'duplicate' AND ${ofThese} GROUP BY 1`,
    shaParameter,
  );
  const outcomes = await countsBy(pool, `SELECT outcome::text AS key, count(*) FROM delivery WHERE ${ofThese} GROUP BY 1`, shaParameter);
  const rejections = await countsBy(
    pool,
    "SELECT request_id AS key, count(*) FROM prop_trading_request WHERE request_id = ANY($1::text[]) GROUP BY 1",
    [keys],
  );
  const exchangeSteps = await countsBy(
    pool,
    "SELECT callback_id AS key, count(*) FROM exchange_status_event WHERE callback_id = ANY($1::text[]) GROUP BY 1",
    [keys],
  );

  const problems: string[] = [];
  const numbers: ExactlyOnceNumbers = {
    sent: 0,
    attempts: ledger.attempts.length,
    acknowledged: 0,
    stored: 0,
    storedUnacknowledged: 0,
    duplicateRows: [...duplicateRows.values()].reduce((sum, count) => sum + count, 0),
    lost: 0,
    doubled: 0,
    answers: ledger.tally(),
  };
  for (const delivery of ledger.deliveries) {
    numbers.sent += 1;
    const inbox = inboxRows.get(delivery.sha256) ?? 0;
    const domain = (delivery.sender === "crm" ? rejections : exchangeSteps).get(delivery.key) ?? 0;
    const acknowledged = ledger.isAcknowledged(delivery);
    if (acknowledged) numbers.acknowledged += 1;
    if (inbox === 1 && domain === 1) {
      numbers.stored += 1;
      if (!acknowledged) numbers.storedUnacknowledged += 1;
    }
    if (inbox > 1 || domain > 1) {
      numbers.doubled += 1;
      problems.push(`${delivery.sender} ${delivery.key}: ${inbox} inbox rows and ${domain} domain rows`);
    } else if (acknowledged && (inbox !== 1 || domain !== 1)) {
      numbers.lost += 1;
      problems.push(`${delivery.sender} ${delivery.key} was acknowledged but has ${inbox} inbox rows and ${domain} domain rows`);
    } else if (inbox !== domain) {
      problems.push(`${delivery.sender} ${delivery.key}: ${inbox} inbox rows but ${domain} domain rows (not atomic)`);
    }
  }
  for (const attempt of ledger.attempts) {
    const answered = attempt.outcome.kind === "answered" && attempt.outcome.status === 200;
    if (answered && attempt.answerStatus !== "accepted" && attempt.answerStatus !== "duplicate") {
      problems.push(`${attempt.delivery.sender} ${attempt.delivery.key} was answered 200 "${attempt.answerStatus}"`);
    }
  }
  const unexpectedOutcomes = [...outcomes.keys()].filter((outcome) => outcome !== "projected" && outcome !== "duplicate");
  if (unexpectedOutcomes.length > 0) problems.push(`unexpected inbox outcomes: ${unexpectedOutcomes.join(", ")}`);
  const storedRows = [...inboxRows.values()].reduce((sum, count) => sum + count, 0);
  if (options.databaseHoldsOnlyThese && storedRows !== numbers.stored + numbers.doubled) {
    problems.push(`${storedRows} inbox rows for ${numbers.stored} stored deliveries: rows no delivery of this run explains`);
  }
  return { numbers, problems: problems.slice(0, 25) };
}
