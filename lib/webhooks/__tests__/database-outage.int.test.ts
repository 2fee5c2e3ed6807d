// With the database down, a sender hears 503 (and retries), never 200 for something not stored;
// when it is back, the app recovers without a restart and the retry is stored.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tooling/ports";
import { type RunningPostgres, startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";
import { applyMigrations } from "@/tooling/prisma/prisma-cli";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { webhookRequest } from "@/tooling/testing/webhook-requests";

let dir = "";
let port = 0;
let server: RunningPostgres;

// The app modules read DATABASE_URL once: they are loaded after it points at this file's own server.
async function app() {
  const [{ receiveWebhook }, { GET: health }, { db }, { proxy }, { createTestStaff }, { handleAuthPost }] = await Promise.all([
    import("@/lib/webhooks/receive"),
    import("@/app/api/health/route"),
    import("@/lib/db/client"),
    import("@/proxy"),
    import("@/tooling/testing/staff-session"),
    import("@/lib/auth/auth-endpoint"),
  ]);
  return { receiveWebhook, health, db, proxy, createTestStaff, handleAuthPost };
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
    const { receiveWebhook, health, db, proxy, createTestStaff, handleAuthPost } = await app();
    const staff = await createTestStaff("viewer");
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
    // A signed-in operator sees "database unavailable", not a login page or an empty list.
    const page = await proxy(new NextRequest("http://127.0.0.1:3000/exchanges", { headers: { cookie: staff.cookie } }));
    expect(page.status).toBe(503);
    expect(await page.text()).toContain("Database unavailable");
    const data = await proxy(new NextRequest("http://127.0.0.1:3000/api/exchanges", { headers: { cookie: staff.cookie } }));
    expect(data.status).toBe(503);
    const login = await handleAuthPost(
      new Request("http://127.0.0.1:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://127.0.0.1:3000" },
        body: JSON.stringify({ email: staff.email, password: staff.password }),
      }),
    );
    expect(login.status).toBe(503);

    server = await startEmbeddedPostgres({ dir, port });
    const retried = await receiveWebhook("banking", webhookRequest("banking", payload));
    expect(retried.status).toBe(200);
    expect((await retried.json()).status).toBe("accepted");
    expect((await health()).status).toBe(200);
    expect(await db().exchangeStatusEvent.count({ where: { callbackId: "outage-1" } })).toBe(1);
  });
});
