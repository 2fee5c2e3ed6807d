// The backup and restore in docs/operations.md, done for real: pg_dump of a migrated database with
// data, pg_restore into a fresh one, and the app's view of the restored data is the same.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tooling/ports";
import { type RunningPostgres, startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";
import { applyMigrations, runPrismaCli } from "@/tooling/prisma/prisma-cli";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";

const run = promisify(execFile);

/**
 * pg_dump must be at least as new as the server. The embedded package ships no pg_dump, so this
 * test runs Debian's PostgreSQL (server and client of one version), which .ci/run installs.
 */
const debianBin = ["17", "16", "15"]
  .map((version) => `/usr/lib/postgresql/${version}/bin`)
  .find((dir) => existsSync(path.join(dir, "pg_dump")));

let dir = "";
let server: RunningPostgres;

function urlFor(database: string) {
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(database: string, sql: string) {
  const client = new pg.Client({ connectionString: urlFor(database) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (!debianBin) throw new Error("No pg_dump with a matching server found: install Debian's PostgreSQL (apt-get install postgresql-15).");
  dir = await mkdtemp(path.join(os.tmpdir(), "backup-restore-"));
  server = await startEmbeddedPostgres({ dir, port: await freePort(), binDir: debianBin });
  await query("postgres", "CREATE DATABASE ops");
  await applyMigrations(urlFor("ops"));
  process.env.DATABASE_URL = urlFor("ops");
  const { ingestDelivery } = await import("@/lib/ingest/ingest-delivery");
  const deliveries: ["crm" | "banking", unknown][] = [
    ["crm", crmRejectPayload({ id: "backup-1", userId: "u-backup", packageNames: { "zh-cn": "全是live+不返佣", "en-us": "Live" } })],
    ["banking", exchangeCallbackPayload({ callbackId: "backup-cb-1", exchangeId: 424242, status: "Pending" })],
    [
      "banking",
      exchangeCallbackPayload({
        callbackId: "backup-cb-2",
        exchangeId: 424242,
        status: "Completed",
        executedPrice: "1.000000000000000001",
      }),
    ],
  ];
  for (const [sender, payload] of deliveries) {
    await ingestDelivery({ sender, rawBody: Buffer.from(JSON.stringify(payload)), headers: {}, signatureForm: "test" });
  }
});

afterAll(async () => {
  const { db } = await import("@/lib/db/client");
  await db().$disconnect();
  await server?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("backup and restore", () => {
  it("restores into a fresh database with every row, byte and migration intact", { timeout: 120_000 }, async () => {
    const dump = path.join(dir, "ops.dump");
    await run(path.join(debianBin ?? "", "pg_dump"), ["--format=custom", "--no-owner", `--file=${dump}`, urlFor("ops")]);
    await query("postgres", "CREATE DATABASE ops_restored");
    await run(path.join(debianBin ?? "", "pg_restore"), ["--no-owner", "--exit-on-error", `--dbname=${urlFor("ops_restored")}`, dump]);

    const snapshot = (database: string) =>
      query(
        database,
        `SELECT (SELECT count(*) FROM delivery) AS deliveries,
                (SELECT string_agg(encode(sha256(raw_body), 'hex'), ',' ORDER BY id) FROM delivery) AS bodies,
                (SELECT package_names::text FROM prop_trading_request WHERE request_id = 'backup-1') AS names,
                (SELECT status || ' ' || executed_price::text FROM exchange WHERE exchange_id = 424242) AS exchange,
                (SELECT count(*) FROM _prisma_migrations) AS migrations`,
      );
    expect(await snapshot("ops_restored")).toEqual(await snapshot("ops"));
    expect((await snapshot("ops_restored"))[0]).toMatchObject({ deliveries: "3", exchange: "Completed 1.000000000000000001" });

    const status = await runPrismaCli(["migrate", "status"], { databaseUrl: urlFor("ops_restored") });
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");

    // The audit log's append-only trigger came back too.
    await expect(query("ops_restored", "UPDATE audit_log SET action = 'x'")).resolves.toEqual([]);
    await query("ops_restored", "INSERT INTO audit_log (action, details) VALUES ('logout', '{}')");
    await expect(query("ops_restored", "DELETE FROM audit_log")).rejects.toThrow(/append-only/);
  });
});
