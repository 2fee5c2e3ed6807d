// Lists and exports against real PostgreSQL: paging by keyset position visits every row exactly once
// in order, forwards and backwards; the CSV export holds exactly the filtered rows.
import { parse as parseCsv } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportRejected } from "@/app/api/prop-trading/rejected/export/route";
import { GET as rejectedJson } from "@/app/api/prop-trading/rejected/route";
import type { StaffSession } from "@/lib/auth/staff-session";
import { db } from "@/lib/db/client";
import { ingestDelivery } from "@/lib/ingest/ingest-delivery";
import { crmRejectPayload } from "@/tooling/testing/payloads";
import { createTestStaff, sessionOf, type TestStaff } from "@/tooling/testing/staff-session";
import { PAGE_SIZE, parseListQuery } from "../list-query";
import { findRejectedPropTradingRequests } from "../rejected-prop-trading";
import { rejectedPropTradingQuery } from "../rejected-prop-trading-schema";

const TOTAL = 2 * PAGE_SIZE + 17;
const query = (url: string) => parseListQuery(rejectedPropTradingQuery, new URLSearchParams(url));

async function deliver(payload: unknown) {
  await ingestDelivery({ sender: "crm", rawBody: Buffer.from(JSON.stringify(payload)), headers: {}, signatureForm: "test" });
}

let viewer: TestStaff;
let viewerSession: StaffSession;

beforeAll(async () => {
  viewer = await createTestStaff("viewer");
  viewerSession = await sessionOf(viewer);
  for (let index = 0; index < TOTAL; index++) {
    // Pairs of identical request times exercise the id tiebreaker.
    const minute = String(Math.floor(index / 2) % 60).padStart(2, "0");
    const hour = String(Math.floor(index / 120)).padStart(2, "0");
    await deliver(
      crmRejectPayload({
        id: `list-${index}`,
        userId: index % 3 === 0 ? "heavy-user" : `user-${index}`,
        requestTime: `2024-08-01 ${hour}:${minute}:00`,
        initialBalance: index % 10 === 0 ? (null as unknown as number) : 1000 + (index % 7) * 500,
        group: index === 5 ? '=HYPERLINK("http://evil","x")' : "demo\\BBSTGHEDGEEUR",
        targetName: index === 5 ? "+cmd|' /C calc'!A0" : "自营交易live阶段",
      }),
    );
  }
});

async function walk(url: string, direction: "forward" | "backward" = "forward") {
  const seen: string[] = [];
  let page = await findRejectedPropTradingRequests(viewerSession, query(url));
  if (direction === "backward") {
    // Go to the end first, then back.
    while (page.hasNext)
      page = await findRejectedPropTradingRequests(viewerSession, query(`${url}&page=${page.page + 1}&cursor=${page.nextCursor}`));
    seen.unshift(...page.rows.map((row) => row.requestId));
    while (page.hasPrevious) {
      page = await findRejectedPropTradingRequests(viewerSession, query(`${url}&page=${page.page - 1}&cursor=${page.previousCursor}`));
      seen.unshift(...page.rows.map((row) => row.requestId));
    }
    return seen;
  }
  seen.push(...page.rows.map((row) => row.requestId));
  while (page.hasNext) {
    page = await findRejectedPropTradingRequests(viewerSession, query(`${url}&page=${page.page + 1}&cursor=${page.nextCursor}`));
    seen.push(...page.rows.map((row) => row.requestId));
  }
  return seen;
}

async function expected(orderBy: string) {
  const rows = await db().$queryRawUnsafe<{ request_id: string }[]>(
    `SELECT request_id FROM prop_trading_request WHERE request_id LIKE 'list-%' ORDER BY ${orderBy}`,
  );
  return rows.map((row) => row.request_id);
}

describe("paging through a list", () => {
  it("visits every row once, newest request first, forwards and backwards", async () => {
    const order = await expected("request_time DESC, id DESC");
    expect(order).toHaveLength(TOTAL);
    expect(await walk("q=list-")).toEqual(order);
    expect(await walk("q=list-", "backward")).toEqual(order);
  });

  it("sorts by a nullable column (empty values last) and pages by number", async () => {
    const order = await expected("initial_balance ASC NULLS LAST, id ASC");
    expect(await walk("q=list-&sort=initialBalance.asc")).toEqual(order);
  });

  it("serves a page number without a position (a hand-edited URL) with the same rows", async () => {
    const byPosition = await walk("q=list-");
    const third = await findRejectedPropTradingRequests(viewerSession, query("q=list-&page=3"));
    expect(third.rows.map((row) => row.requestId)).toEqual(byPosition.slice(2 * PAGE_SIZE, 3 * PAGE_SIZE));
    expect(third.hasNext).toBe(false);
  });

  it("filters by user and counts the matches", async () => {
    const page = await findRejectedPropTradingRequests(viewerSession, query("user=heavy-user"));
    expect(page.total).toBe(Math.ceil(TOTAL / 3));
    expect(page.rows.every((row) => row.userId === "heavy-user")).toBe(true);
  });

  it("answers the JSON route with the same rows as the page", async () => {
    const response = await rejectedJson(
      new NextRequest("http://localhost/api/prop-trading/rejected?user=heavy-user", { headers: { cookie: viewer.cookie } }),
    );
    const body = (await response.json()) as { rows: { requestId: string }[]; total: number };
    const page = await findRejectedPropTradingRequests(viewerSession, query("user=heavy-user"));
    expect(body.rows.map((row) => row.requestId)).toEqual(page.rows.map((row) => row.requestId));
    expect(body.total).toBe(page.total);
  });
});

describe("CSV export", () => {
  async function exportCsv(url: string) {
    const response = await exportRejected(
      new NextRequest(`http://localhost/api/prop-trading/rejected/export?${url}`, { headers: { cookie: viewer.cookie } }),
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    return { response, bytes, rows: parseCsv(bytes.subarray(3), { columns: true }) as Record<string, string>[] };
  }

  it("holds exactly the filtered rows, all of them, in the list's order", async () => {
    const { response, bytes, rows } = await exportCsv("user=heavy-user&page=2");
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="rejected-prop-trading-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const order = await db().$queryRaw<
      { request_id: string }[]
    >`SELECT request_id FROM prop_trading_request WHERE user_id = 'heavy-user' ORDER BY request_time DESC, id DESC`;
    expect(rows.map((row) => row.request_id)).toEqual(order.map((row) => row.request_id));
    // Who exported which list, with which filters, and how many rows.
    await expect
      .poll(() => db().auditLog.findFirst({ where: { action: "export", actorId: viewer.id }, orderBy: { id: "desc" } }))
      .toMatchObject({
        actorEmail: viewer.email,
        details: { list: "rejected-prop-trading", filters: { user: "heavy-user", sort: "requestTime.desc" }, rows: order.length },
      });
  });

  it("writes decimals exactly, times in UTC ISO 8601, CJK intact, formulas neutralised", async () => {
    const { rows } = await exportCsv("q=list-5");
    const row = rows.find((candidate) => candidate.request_id === "list-5");
    expect(row).toMatchObject({
      group: '\'=HYPERLINK("http://evil","x")',
      target: "'+cmd|' /C calc'!A0",
      request_time_utc: "2024-08-01T00:02:00.000Z",
      initial_balance: "3500",
      profit_target_percent: "0.1",
      package_all_locales: "en-us: All live, no rebate; ja: 全是live+不返佣; zh-cn: 全是live+不返佣; zh-tw: 全是live+不返佣",
    });
  });
});

describe("the delivery log's q", () => {
  it("finds a delivery by id, or by at least 8 leading hex digits of its body's hash — never by a short or non-hex prefix", async () => {
    const { findDeliveries } = await import("../deliveries");
    const { deliveriesQuery } = await import("../deliveries-schema");
    const find = async (q: string) =>
      (await findDeliveries(viewerSession, parseListQuery(deliveriesQuery, new URLSearchParams({ q })))).rows.map((row) => row.id);
    const row = await db().delivery.findFirstOrThrow({ orderBy: { id: "desc" } });
    const id = row.id.toString();
    expect(await find(id)).toEqual([id]);
    expect(await find(row.bodySha256.slice(0, 8))).toContain(id);
    expect(await find(row.bodySha256.slice(0, 8).toUpperCase())).toContain(id);
    // Before: "zzz" became LIKE '%' (every delivery) and a delivery id also matched hashes starting with its digits.
    expect(await find("zzz")).toEqual([]);
    expect(await find(row.bodySha256.slice(0, 7))).toEqual([]);
  });
});
