// An export answers with an error status when its query is refused, and a file that cannot be
// finished is a broken download, never one that looks complete; the audit log says which it was.
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportExchanges } from "@/app/api/exchanges/export/route";
import { GET as exportRejected } from "@/app/api/prop-trading/rejected/export/route";
import { GET as rejectedJson } from "@/app/api/prop-trading/rejected/route";
import { db } from "@/lib/db/client";
import { createTestStaff, type TestStaff } from "@/tooling/testing/staff-session";

const ROWS = 40_000;
let viewer: TestStaff;

beforeAll(async () => {
  viewer = await createTestStaff("viewer");
  // Enough rows that the file is still being written when the test interrupts it.
  await db().$executeRaw`
    INSERT INTO prop_trading_request (request_id, stage, status, user_id, request_time, group_name, event_slug, search_text, received_at)
    SELECT 'bulk-' || n, 'challenge', 'rejected', 'bulk-user', timestamptz '2025-01-01' + n * interval '1 minute',
      repeat('g', 200), 'crm.webhooks.requests.propTrading.reject', 'bulk-' || n, now()
    FROM generate_series(1, ${ROWS}) AS n`;
});

const get = (route: (request: NextRequest) => Promise<Response>, url: string) =>
  route(new NextRequest(`http://localhost${url}`, { headers: { cookie: viewer.cookie } }));

const lastExport = () => db().auditLog.findFirst({ where: { action: "export", actorId: viewer.id }, orderBy: { id: "desc" } });

describe("a filter the database cannot evaluate", () => {
  it.each([
    ["/api/prop-trading/rejected/export?to=10000-01-01", "to"],
    ["/api/prop-trading/rejected/export?from=0000-06-01", "from"],
    ["/api/prop-trading/rejected/export?user=%00", "user"],
    ["/api/prop-trading/rejected/export?q=bulk%00", "q"],
  ])("%s is a 400 naming it, before any byte of a file", async (url, param) => {
    const response = await get(exportRejected, url);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ error: "invalid_query", problems: [{ param }] });
  });

  it("a NUL in the JSON list's search or a forged position is a 400 or the first page, never a 500", async () => {
    expect((await get(rejectedJson, "/api/prop-trading/rejected?q=%00")).status).toBe(400);
    for (const forged of [
      ["a", "not-a-time", "1"],
      ["a", "2025-01-01T00:00:00Z", "99999999999999999999999"],
      ["b", { evil: true }, "1"],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString("base64url");
      const response = await get(rejectedJson, `/api/prop-trading/rejected?page=3&cursor=${cursor}`);
      expect(response.status).toBe(200);
    }
  });

  it("the last day there is, 9999-12-31, is a day like any other", async () => {
    const response = await get(exportExchanges, "/api/exchanges/export?to=9999-12-31");
    expect(response.status).toBe(200);
    const rejected = await get(exportRejected, "/api/prop-trading/rejected/export?to=9999-12-31&user=bulk-user");
    expect(rejected.status).toBe(200);
    const lines = Buffer.from(await rejected.arrayBuffer())
      .toString("utf8")
      .trimEnd()
      .split("\n");
    expect(lines).toHaveLength(ROWS + 1);
  });
});

describe("an export that fails half-way", () => {
  it("aborts the download, and the audit log records it as failed", async () => {
    const response = await get(exportRejected, "/api/prop-trading/rejected/export?user=bulk-user");
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    expect((await reader.read()).done).toBe(false);
    // The database ends the COPY under the export's feet (a restart, an administrator).
    await db().$executeRaw`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'COPY (%' AND pid <> pg_backend_pid()`;
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "ended as if complete";
      })(),
    ).rejects.toThrow();
    await expect
      .poll(lastExport)
      .toMatchObject({ details: { list: "rejected-prop-trading", incomplete: "failed", reason: expect.stringMatching(/terminat/i) } });
  });

  it("a client that goes away cancels the COPY, and the audit log says so", async () => {
    const response = await get(exportRejected, "/api/prop-trading/rejected/export?user=bulk-user&sort=requestTime.asc");
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(lastExport).toMatchObject({ details: { filters: { sort: "requestTime.asc" }, incomplete: "cancelled" } });
    // Its database connection is not left busy: the next export runs.
    const next = await get(exportRejected, "/api/prop-trading/rejected/export?user=nobody");
    expect(next.status).toBe(200);
    expect(
      Buffer.from(await next.arrayBuffer())
        .toString("utf8")
        .trim()
        .split("\n"),
    ).toHaveLength(1);
  });
});
