// The bulk data set the list, export and page measurements run on: rejected prop-trading requests
// and exchanges with their status timelines, with the deliveries (raw, signed bodies) they came
// from, shaped and distributed like the senders' traffic (see catalogue.ts). Written with set-based
// SQL in batches of days by two sessions at once. A marker table remembers what was generated, so
// a database that already holds this version and size is reused as is.
//
// On its own: `npx tsx scripts/bench/generate.ts [--quick] [--regenerate] [--keep-indexes]`
// (or `npm run bench -- --generate-only`).
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { statusRank, TERMINAL_RANK } from "@/lib/ingest/banking/statuses";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { seededRandom, WEEKDAY_FACTOR } from "./catalogue";
import { openBenchDatabase } from "./database";
import {
  CATALOGUE_DDL,
  CREATE_BATCH_TABLE,
  catalogueInserts,
  type DayPlan,
  dayInsert,
  EVENTS_PER_BATCH,
  INGEST_EXCHANGE_ID_BASE,
  INSERT_EXCHANGE_EVENTS,
  INSERT_PROP_TRADING_REQUESTS,
  insertDeliveries,
  insertExchanges,
} from "./generate-sql";

/** Bump when the generated data changes shape or distribution: older data sets are then regenerated. */
export const GENERATOR_VERSION = 1;

export interface DatasetSize {
  label: "full" | "quick";
  propTradingRequests: number;
  exchanges: number;
  days: number;
}

export const DATASET_SIZES: Record<DatasetSize["label"], DatasetSize> = {
  full: { label: "full", propTradingRequests: 1_000_000, exchanges: 1_000_000, days: 730 },
  quick: { label: "quick", propTradingRequests: 20_000, exchanges: 20_000, days: 730 },
};

/** How the tables are filled: with the migration's secondary indexes and foreign keys in place, or without them and rebuilt afterwards. */
export type LoadStrategy = "rebuild-indexes" | "keep-indexes";

export interface DatasetInfo {
  version: number;
  size: DatasetSize["label"];
  reused: boolean;
  propTradingRequests: number;
  exchanges: number;
  exchangeEvents: number;
  deliveries: number;
  maxDeliveryId: number;
  maxPropTradingRequestId: number;
  maxExchangeEventId: number;
  timeFrom: string;
  timeTo: string;
  generatedAt: string;
  strategy: LoadStrategy;
  /** Seconds spent generating (of the original generation when reused). */
  seconds: number;
  /** Seconds per phase of the generation. */
  phases: Record<string, number>;
  tableSizes?: Record<string, string>;
}

const TABLES = ["delivery", "prop_trading_request", "exchange", "exchange_status_event"];
const DAY_MS = 86_400_000;
const WORKERS = 2;
const TARGET_DELIVERIES_PER_BATCH = 100_000;

type Say = (message: string) => void;

async function migrationNames(): Promise<string[]> {
  const entries = await readdir(path.join(projectRoot, "prisma", "migrations"), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Spreads `total` over days by weight, exactly (largest remainder). */
function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (weight / sum) * total);
  const counts = exact.map(Math.floor);
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { index } of byRemainder) {
    if (missing <= 0) break;
    counts[index] = (counts[index] ?? 0) + 1;
    missing--;
  }
  return counts;
}

/** Traffic per day: growing over the period, quieter at weekends, some noise and the odd busy day. */
export function planDays(size: DatasetSize, endMs: number): { days: DayPlan[]; batches: number } {
  const random = seededRandom(0xda75);
  const startMs = endMs - size.days * DAY_MS;
  const weights = () =>
    Array.from({ length: size.days }, (_, day) => {
      const weekday = (new Date(startMs + day * DAY_MS).getUTCDay() + 6) % 7;
      const growth = 0.4 + (0.6 * day) / Math.max(1, size.days - 1);
      const busy = random() < 0.02 ? 1.8 : 1;
      return growth * (WEEKDAY_FACTOR[weekday] ?? 1) * (0.85 + 0.3 * random()) * busy;
    });
  const crm = spread(size.propTradingRequests, weights());
  const exchanges = spread(size.exchanges, weights());
  // About four callbacks per exchange: batches of ~100 000 deliveries, at least two per worker.
  const estimatedDeliveries = size.propTradingRequests + 4 * size.exchanges;
  const batches = Math.min(size.days, Math.max(2 * WORKERS, Math.round(estimatedDeliveries / TARGET_DELIVERIES_PER_BATCH)));
  const daysPerBatch = Math.ceil(size.days / batches);
  let crmFirst = 1;
  let exchangeFirst = 1;
  const days = crm.map((crmCount, day) => {
    const exchangeCount = exchanges[day] ?? 0;
    const plan = {
      startMs: startMs + day * DAY_MS,
      crmFirst,
      crmCount,
      exchangeFirst,
      exchangeCount,
      batch: Math.floor(day / daysPerBatch),
    };
    crmFirst += crmCount;
    exchangeFirst += exchangeCount;
    return plan;
  });
  return { days, batches: Math.ceil(size.days / daysPerBatch) };
}

interface Ddl {
  drop: string;
  create: string;
  table: string;
  kind: "index" | "foreign key";
}

/** The secondary indexes and foreign keys of the filled tables, as the migration made them. */
async function secondaryStructures(pool: pg.Pool): Promise<Ddl[]> {
  const indexes = await pool.query<{ table: string; index: string; ddl: string }>(
    `SELECT t.relname AS table, i.relname AS index, pg_get_indexdef(x.indexrelid) AS ddl
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1) AND NOT x.indisprimary
     -- The trigram index takes longest: start it first, while the other session builds the rest.
     ORDER BY pg_get_indexdef(x.indexrelid) LIKE '%USING gin%' DESC, pg_relation_size(x.indrelid) DESC, i.relname`,
    [TABLES],
  );
  const foreignKeys = await pool.query<{ table: string; name: string; definition: string }>(
    `SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
     WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY($1)
     ORDER BY t.relname, c.conname`,
    [TABLES],
  );
  return [
    ...foreignKeys.rows.map((row) => ({
      table: row.table,
      kind: "foreign key" as const,
      drop: `ALTER TABLE ${pg.escapeIdentifier(row.table)} DROP CONSTRAINT ${pg.escapeIdentifier(row.name)}`,
      create: `ALTER TABLE ${pg.escapeIdentifier(row.table)} ADD CONSTRAINT ${pg.escapeIdentifier(row.name)} ${row.definition}`,
    })),
    ...indexes.rows.map((row) => ({
      table: row.table,
      kind: "index" as const,
      drop: `DROP INDEX ${pg.escapeIdentifier(row.index)}`,
      create: row.ddl,
    })),
  ];
}

async function sessionFor(pool: pg.Pool): Promise<{ client: pg.PoolClient; pid: number }> {
  const client = await pool.connect();
  // Bulk loading: no need to wait for each commit's flush; room to sort and hash in memory.
  await client.query(
    "SET synchronous_commit = off; SET work_mem = '256MB'; SET temp_buffers = '256MB'; SET maintenance_work_mem = '1GB'; " +
      "SET max_parallel_maintenance_workers = 0; SET jit = off",
  );
  const pid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
  return { client, pid };
}

/** Runs `jobs` on `sessions` in parallel, each job on whichever session is free; cancels the others' queries on the first failure or on abort. */
async function inParallel<T>(
  pool: pg.Pool,
  sessions: number,
  jobs: T[],
  run: (client: pg.PoolClient, job: T) => Promise<void>,
  signal?: AbortSignal,
) {
  const opened = await Promise.all(Array.from({ length: sessions }, () => sessionFor(pool)));
  const queue = [...jobs];
  let failed = false;
  const cancelAll = async () => {
    failed = true;
    await pool
      .query("SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid", [opened.map((session) => session.pid)])
      .catch(() => undefined);
  };
  const onAbort = () => void cancelAll();
  signal?.addEventListener("abort", onAbort);
  try {
    await Promise.all(
      opened.map(async ({ client }) => {
        while (!failed && !signal?.aborted) {
          const job = queue.shift();
          if (job === undefined) return;
          try {
            await run(client, job);
          } catch (error) {
            if (!failed) await cancelAll();
            throw error;
          }
        }
      }),
    );
    if (signal?.aborted) throw new Error("Generation interrupted.");
  } finally {
    signal?.removeEventListener("abort", onAbort);
    for (const { client } of opened) client.release(failed);
  }
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * Fills a freshly migrated, empty schema with a data set of `size`. Exported for the test that
 * replays a small data set through the real intake.
 */
export async function generateDataset(
  url: string,
  size: DatasetSize,
  options: { strategy?: LoadStrategy; endMs?: number; say?: Say; signal?: AbortSignal } = {},
): Promise<Omit<DatasetInfo, "reused" | "generatedAt" | "tableSizes">> {
  const say = options.say ?? (() => undefined);
  const strategy = options.strategy ?? "rebuild-indexes";
  const endMs = options.endMs ?? Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const pool = new pg.Pool({ connectionString: url, max: WORKERS + 1 });
  const phases: Record<string, number> = {};
  const started = performance.now();
  try {
    let phase = performance.now();
    const { days, batches } = planDays(size, endMs);
    await pool.query("DROP SCHEMA IF EXISTS bench_gen CASCADE");
    for (const statement of CATALOGUE_DDL) await pool.query(statement);
    for (const insert of catalogueInserts(statusRank)) await pool.query(insert.text, insert.values);
    const dayRows = dayInsert(days);
    await pool.query(dayRows.text, dayRows.values);
    await pool.query("ANALYZE bench_gen.day, bench_gen.pair, bench_gen.package, bench_gen.venue, bench_gen.leverage, bench_gen.lifecycle");

    // Number every batch's deliveries, requests and callbacks up front, so batches can run in any order.
    const eventCounts = new Map(
      (await pool.query<{ batch: number; events: string }>(EVENTS_PER_BATCH)).rows.map((row) => [row.batch, Number(row.events)]),
    );
    const plan: { batch: number; deliveryBase: number; requestBase: number; eventBase: number; requests: number; events: number }[] = [];
    let deliveryBase = 0;
    let requestBase = 0;
    let eventBase = 0;
    for (let batch = 0; batch < batches; batch++) {
      const requests = days.filter((day) => day.batch === batch).reduce((sum, day) => sum + day.crmCount, 0);
      const events = eventCounts.get(batch) ?? 0;
      plan.push({ batch, deliveryBase, requestBase, eventBase, requests, events });
      deliveryBase += requests + events;
      requestBase += requests;
      eventBase += events;
    }
    phases.plan = seconds(phase);

    phase = performance.now();
    const structures = strategy === "rebuild-indexes" ? await secondaryStructures(pool) : [];
    for (const ddl of structures) await pool.query(ddl.drop);
    phases.dropIndexes = seconds(phase);

    phase = performance.now();
    say(`Generating ${deliveryBase.toLocaleString("en")} deliveries in ${batches} batches on ${WORKERS} sessions (${strategy})…`);
    let done = 0;
    let lastReport = performance.now();
    const deliveries = insertDeliveries();
    const exchanges = insertExchanges(TERMINAL_RANK);
    await inParallel(
      pool,
      WORKERS,
      plan,
      async (client, batch) => {
        await client.query("BEGIN");
        try {
          await client.query(CREATE_BATCH_TABLE, [batch.batch, batch.deliveryBase, batch.requestBase, batch.eventBase]);
          await client.query("ANALYZE b");
          await client.query(deliveries.text, deliveries.values);
          await client.query(INSERT_PROP_TRADING_REQUESTS);
          await client.query(exchanges);
          await client.query(INSERT_EXCHANGE_EVENTS);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        }
        done++;
        if (performance.now() - lastReport > 15_000) {
          lastReport = performance.now();
          say(`  ${done}/${batches} batches after ${seconds(phase)} s`);
        }
      },
      options.signal,
    );
    phases.load = seconds(phase);

    if (structures.length > 0) {
      phase = performance.now();
      say(`Rebuilding ${structures.filter((ddl) => ddl.kind === "index").length} indexes…`);
      await inParallel(
        pool,
        WORKERS,
        structures.filter((ddl) => ddl.kind === "index"),
        async (client, ddl) => {
          await client.query(ddl.create);
        },
        options.signal,
      );
      phases.indexes = seconds(phase);
      phase = performance.now();
      for (const ddl of structures.filter((entry) => entry.kind === "foreign key")) await pool.query(ddl.create);
      phases.foreignKeys = seconds(phase);
    }

    phase = performance.now();
    // Ids were given explicitly: the sequences continue after them.
    for (const [table, last] of [
      ["delivery", deliveryBase],
      ["prop_trading_request", requestBase],
      ["exchange_status_event", eventBase],
    ] as const) {
      await pool.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2::bigint, $3::boolean)`, [table, Math.max(last, 1), last > 0]);
    }
    await pool.query("DROP SCHEMA bench_gen CASCADE");
    say("Vacuuming and analysing…");
    // VACUUM sets the visibility map and hint bits now, so the first measured reads do not write.
    await inParallel(
      pool,
      WORKERS,
      TABLES,
      async (client, table) => {
        await client.query(`VACUUM (ANALYZE) ${pg.escapeIdentifier(table)}`);
      },
      options.signal,
    );
    phases.vacuumAnalyze = seconds(phase);

    const exchangeCount = (await pool.query<{ count: string }>("SELECT count(*) FROM exchange")).rows[0]?.count ?? "0";
    return {
      version: GENERATOR_VERSION,
      size: size.label,
      propTradingRequests: requestBase,
      exchanges: Number(exchangeCount),
      exchangeEvents: eventBase,
      deliveries: deliveryBase,
      maxDeliveryId: deliveryBase,
      maxPropTradingRequestId: requestBase,
      maxExchangeEventId: eventBase,
      timeFrom: new Date(endMs - size.days * DAY_MS).toISOString(),
      timeTo: new Date(endMs).toISOString(),
      strategy,
      seconds: seconds(started),
      phases,
    };
  } finally {
    await pool.end();
  }
}

const MARKER_DDL = `CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.dataset (singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton), info jsonb NOT NULL,
  migrations text[] NOT NULL)`;

async function readMarker(client: pg.ClientBase): Promise<{ info: DatasetInfo; migrations: string[] } | undefined> {
  const exists = await client.query("SELECT to_regclass('bench.dataset') IS NOT NULL AS present");
  if (!exists.rows[0]?.present) return undefined;
  const row = await client.query<{ info: DatasetInfo; migrations: string[] }>("SELECT info, migrations FROM bench.dataset");
  return row.rows[0];
}

/** After a section that wrote: the data set restored (see restoreDataset), and the section's pool closed. */
export async function restoreDatasetAndClose(pool: pg.Pool, info: DatasetInfo): Promise<void> {
  const client = await pool.connect();
  try {
    await restoreDataset(client, info);
  } finally {
    client.release();
    await pool.end();
  }
}

/** Removes whatever the ingest measurement (or an interrupted run of it) added beyond the generated data set. */
export async function restoreDataset(client: pg.ClientBase, info: DatasetInfo): Promise<number> {
  await client.query("BEGIN");
  try {
    // Its exchanges have ids of their own; their timelines go with them (ON DELETE CASCADE).
    await client.query("DELETE FROM exchange WHERE exchange_id >= $1", [INGEST_EXCHANGE_ID_BASE]);
    await client.query("DELETE FROM exchange_status_event WHERE id > $1", [info.maxExchangeEventId]);
    await client.query("DELETE FROM prop_trading_request WHERE id > $1", [info.maxPropTradingRequestId]);
    const removed = await client.query("DELETE FROM delivery WHERE id > $1", [info.maxDeliveryId]);
    await client.query("DELETE FROM signature_failure");
    await client.query("COMMIT");
    if (removed.rowCount) {
      // Now, rather than by autovacuum in the middle of the next measurement.
      await client.query(`VACUUM (ANALYZE) ${TABLES.join(", ")}`);
    }
    return removed.rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function refuseForeignData(client: pg.ClientBase, embedded: boolean) {
  if (embedded) return;
  const present = await client.query("SELECT to_regclass('public.delivery') IS NOT NULL AS present");
  if (!present.rows[0]?.present) return;
  const rows = await client.query("SELECT EXISTS (SELECT 1 FROM delivery) AS any");
  if (rows.rows[0]?.any) {
    throw new Error(
      "DATABASE_URL points at a database that holds deliveries but no benchmark data set. The benchmark replaces the whole " +
        "schema: point DATABASE_URL at an empty database of its own.",
    );
  }
}

/** Makes sure the database holds the data set of this generator version and size: reuses it, or (re)generates it. */
export async function prepareDataset(options: {
  url: string;
  embedded: boolean;
  size: DatasetSize;
  regenerate?: boolean;
  strategy?: LoadStrategy;
  say: Say;
  signal?: AbortSignal;
}): Promise<DatasetInfo> {
  const { url, size, say } = options;
  const migrations = await migrationNames();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const marker = await readMarker(client);
    const current =
      marker &&
      marker.info.version === GENERATOR_VERSION &&
      marker.info.size === size.label &&
      marker.migrations.join() === migrations.join();
    if (current && !options.regenerate) {
      const removed = await restoreDataset(client, marker.info);
      say(
        `Reusing the ${size.label} data set generated ${marker.info.generatedAt} in ${marker.info.seconds} s` +
          (removed > 0 ? ` (removed ${removed} deliveries left by an earlier ingest run)` : ""),
      );
      return { ...marker.info, reused: true, tableSizes: await tableSizes(client) };
    }
    if (!marker) await refuseForeignData(client, options.embedded);
    say(
      marker ? "The data set is outdated or regeneration was asked for: recreating the schema…" : "No data set yet: creating the schema…",
    );
    const reset = performance.now();
    await client.query(
      "DROP SCHEMA IF EXISTS bench CASCADE; DROP SCHEMA IF EXISTS bench_gen CASCADE; DROP SCHEMA public CASCADE; CREATE SCHEMA public",
    );
    if (options.embedded) {
      // Fewer checkpoints (and full-page writes) while tens of GB are written; reset once done.
      await client.query("ALTER SYSTEM SET max_wal_size = '16GB'");
      await client.query("SELECT pg_reload_conf()");
    }
    await applyMigrations(url);
    const resetSeconds = seconds(reset);
    let generated: Awaited<ReturnType<typeof generateDataset>>;
    try {
      generated = await generateDataset(url, size, { strategy: options.strategy, say, signal: options.signal });
    } finally {
      if (options.embedded) {
        await client.query("ALTER SYSTEM RESET max_wal_size").catch(() => undefined);
        await client.query("SELECT pg_reload_conf()").catch(() => undefined);
      }
    }
    const checkpoint = performance.now();
    await client.query("CHECKPOINT");
    const info: DatasetInfo = {
      ...generated,
      reused: false,
      generatedAt: new Date().toISOString(),
      phases: { schema: resetSeconds, ...generated.phases, checkpoint: seconds(checkpoint) },
    };
    info.seconds = Math.round((resetSeconds + generated.seconds + (info.phases.checkpoint ?? 0)) * 10) / 10;
    await client.query(MARKER_DDL);
    await client.query("INSERT INTO bench.dataset (info, migrations) VALUES ($1, $2)", [JSON.stringify(info), migrations]);
    return { ...info, tableSizes: await tableSizes(client) };
  } finally {
    await client.end();
  }
}

async function tableSizes(client: pg.ClientBase): Promise<Record<string, string>> {
  const rows = await client.query<{ table: string; size: string }>(
    "SELECT t AS table, pg_size_pretty(pg_total_relation_size(t::regclass)) AS size FROM unnest($1::text[]) AS t",
    [TABLES],
  );
  return Object.fromEntries(rows.rows.map((row) => [row.table, row.size]));
}

if (process.argv[1] === import.meta.filename) {
  const say = (message: string) => console.log(`[generate] ${message}`);
  const size = DATASET_SIZES[process.argv.includes("--quick") ? "quick" : "full"];
  const controller = new AbortController();
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => controller.abort());
  const database = await openBenchDatabase(`bench_${size.label}`, say);
  let code = 0;
  try {
    const info = await prepareDataset({
      url: database.url,
      embedded: database.embedded,
      size,
      regenerate: process.argv.includes("--regenerate"),
      strategy: process.argv.includes("--keep-indexes") ? "keep-indexes" : "rebuild-indexes",
      say,
      signal: controller.signal,
    });
    say(`${info.reused ? "Reused" : "Generated"}: ${JSON.stringify(info, null, 2)}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    code = 1;
  } finally {
    await database.stop();
  }
  process.exit(code);
}
