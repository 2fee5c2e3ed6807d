// With the database down, a sender hears 503 (and retries), never 200 for something not stored;
// when it is back, the app recovers without a restart and the retry is stored.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPostgres, startEmbeddedPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/prisma-cli";
import { freePort } from "@/lib/testing/free-port";
import { exchangeCallbackPayload } from "@/lib/testing/payloads";
import { webhookRequest } from "@/lib/testing/webhook-requests";

let dir = "";
let port = 0;
let server: RunningPostgres;

// The app modules read DATABASE_URL once: they are loaded after it points at this file's own server.
async function app() {
  const [{ receiveWebhook }, { GET: health }, { db }] = await Promise.all([
    import("@/lib/webhooks/receive"),
    import("@/app/api/health/route"),
    import("@/lib/db/client"),
  ]);
  return { receiveWebhook, health, db };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "outage-pg-"));
  port = await freePort();
  server = await startEmbeddedPostgres({ dir, port });
  await applyMigrations(server.url);
  process.env.DATABASE_URL = server.url;
});

afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("database outage", () => {
  it("answers 503 while the database is down and stores the retry once it is back", { timeout: 60_000 }, async () => {
    const { receiveWebhook, health, db } = await app();
    const payload = exchangeCallbackPayload({ callbackId: "outage-1", exchangeId: 900001, status: "Pending" });

    const warmUp = await receiveWebhook(
      "banking",
      webhookRequest("banking", exchangeCallbackPayload({ callbackId: "outage-0", exchangeId: 900000, status: "Pending" })),
    );
    expect(warmUp.status).toBe(200);

    await server.stop();
    const during = await receiveWebhook("banking", webhookRequest("banking", payload));
    expect(during.status).toBe(503);
    expect(await during.json()).toEqual({ error: "database_unavailable", detail: "Not stored; please retry." });
    expect((await health()).status).toBe(503);

    server = await startEmbeddedPostgres({ dir, port });
    const retried = await receiveWebhook("banking", webhookRequest("banking", payload));
    expect(retried.status).toBe(200);
    expect((await retried.json()).status).toBe("accepted");
    expect((await health()).status).toBe(200);
    expect(await db().exchangeStatusEvent.count({ where: { callbackId: "outage-1" } })).toBe(1);
  });
});
