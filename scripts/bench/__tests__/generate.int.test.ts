// The bulk generator writes the database directly, so nothing but this test keeps it honest: a small
// data set is generated, its deliveries are replayed through the real intake in arrival order, and
// what the intake writes must be exactly what the generator wrote — every table, every column.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestDelivery } from "@/lib/ingest/ingest-delivery";
import { verifyBankingSignature, verifyCrmSignature } from "@/lib/webhooks/signature";
import { testSecrets } from "@/tooling/testing/webhook-requests";
import { generateDataset } from "../generate";

const TABLES = ["delivery", "prop_trading_request", "exchange", "exchange_status_event"];
const SIZE = { label: "quick", propTradingRequests: 300, exchanges: 300, days: 20 } as const;

let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});

afterAll(async () => {
  await client.end();
});

async function differences(table: string): Promise<number> {
  const result = await client.query<{ n: string }>(
    `SELECT count(*) AS n FROM ((TABLE expected.${table} EXCEPT ALL TABLE public.${table})
                               UNION ALL (TABLE public.${table} EXCEPT ALL TABLE expected.${table})) d`,
  );
  return Number(result.rows[0]?.n);
}

describe("the bulk data generator", () => {
  it("writes what the intake makes of the same deliveries, and data shaped like the senders' traffic", { timeout: 120_000 }, async () => {
    const info = await generateDataset(process.env.DATABASE_URL ?? "", SIZE, { endMs: Date.UTC(2026, 0, 1) });
    expect(info).toMatchObject({ propTradingRequests: 300, exchanges: 300, maxDeliveryId: info.deliveries });

    // Shapes and distributions, as the lists will meet them.
    const statuses = await client.query<{ status: string; n: string; open_rfi: string }>(
      "SELECT status, count(*) AS n, count(*) FILTER (WHERE has_open_rfi) AS open_rfi FROM exchange GROUP BY status ORDER BY count(*) DESC",
    );
    expect(statuses.rows[0]?.status).toBe("Completed");
    expect(statuses.rows.map((row) => row.status)).toEqual(expect.arrayContaining(["Pending", "AwaitingRfi", "Failed", "Rejected"]));
    expect(Number(statuses.rows.find((row) => row.status === "AwaitingRfi")?.open_rfi)).toBeGreaterThan(0);
    const outOfOrder = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM exchange_status_event e JOIN exchange_status_event later
         ON later.exchange_id = e.exchange_id AND later.id > e.id AND later.status_rank < e.status_rank AND later.status_rank > 0`,
    );
    expect(Number(outOfOrder.rows[0]?.n)).toBeGreaterThan(0);
    const cjk = await client.query<{ n: string }>("SELECT count(*) AS n FROM prop_trading_request WHERE package_names::text ~ '[一-龥]'");
    expect(Number(cjk.rows[0]?.n)).toBeGreaterThan(0);

    // Keep what the generator wrote, empty the tables, replay every delivery in arrival order.
    await client.query("CREATE SCHEMA expected");
    for (const table of TABLES) await client.query(`CREATE TABLE expected.${table} AS TABLE public.${table}`);
    await client.query(`TRUNCATE ${TABLES.join(", ")} RESTART IDENTITY`);
    const deliveries = await client.query<{
      sender: "crm" | "banking";
      raw_body: Buffer;
      headers: Record<string, string>;
      signature_form: string;
      received_at: Date;
    }>("SELECT sender, raw_body, headers, signature_form, received_at FROM expected.delivery ORDER BY id");
    for (const delivery of deliveries.rows) {
      const check =
        delivery.sender === "crm"
          ? verifyCrmSignature(delivery.raw_body, delivery.headers["x-crm-signature"] ?? null, [testSecrets.crm])
          : verifyBankingSignature(delivery.raw_body, delivery.headers["webhook-signature"] ?? null, [testSecrets.banking]);
      expect(check.ok && `${check.form} (secret ${check.secretNumber})`).toBe(delivery.signature_form);
      const result = await ingestDelivery({
        sender: delivery.sender,
        rawBody: delivery.raw_body,
        headers: delivery.headers,
        signatureForm: delivery.signature_form,
        receivedAt: delivery.received_at,
      });
      expect(result.outcome).toBe("projected");
    }

    for (const table of TABLES) expect({ table, differences: await differences(table) }).toEqual({ table, differences: 0 });
  });
});
