// The URL → query schemas of every list: one case per filter, and malformed values falling back.
import { describe, expect, it } from "vitest";
import { deliveriesQuery } from "../deliveries-schema";
import { exchangesQuery } from "../exchanges-schema";
import { hasFilters, parseListQuery, parseListQueryStrictly } from "../list-query";
import { rejectedPropTradingQuery } from "../rejected-prop-trading-schema";

const parse = <S extends Parameters<typeof parseListQuery>[0]>(schema: S, query: string) =>
  parseListQuery(schema, new URLSearchParams(query));

describe("rejected prop-trading URL", () => {
  it("has defaults for an empty URL: newest request first, page 1, no filters", () => {
    const query = parse(rejectedPropTradingQuery, "");
    expect(query).toMatchObject({ sort: "requestTime.desc", page: 1 });
    expect(Object.values(query).filter((value) => value !== undefined)).toHaveLength(2);
    expect(hasFilters(query)).toBe(false);
  });

  it.each([
    ["user=045dff8l", { user: "045dff8l" }],
    ["user=%20%20u1%20", { user: "u1" }],
    ["platform=mt5", { platform: "mt5" }],
    ["package=%E5%85%A8%E6%98%AFlive", { package: "全是live" }],
    ["stage=live", { stage: "live" }],
    ["from=2024-07-01&to=2024-07-31", { from: "2024-07-01", to: "2024-07-31" }],
    ["q=BBSTG", { q: "BBSTG" }],
    ["sort=initialBalance.asc", { sort: "initialBalance.asc" }],
    ["page=3&cursor=abc", { page: 3, cursor: "abc" }],
  ])("reads %s", (url, expected) => {
    const query = parse(rejectedPropTradingQuery, url);
    expect(query).toMatchObject(expected);
  });

  it.each([
    ["stage=paper", { stage: undefined }],
    ["from=2024-02-30", { from: undefined }],
    ["from=yesterday", { from: undefined }],
    ["sort=drop_table.desc", { sort: "requestTime.desc" }],
    ["sort=requestTime.sideways", { sort: "requestTime.desc" }],
    ["page=-4", { page: 1 }],
    ["page=abc", { page: 1 }],
    ["user=", { user: undefined }],
    [`q=${"x".repeat(300)}`, { q: undefined }],
  ])("falls back to the default for %s", (url, expected) => {
    expect(parse(rejectedPropTradingQuery, url)).toMatchObject(expected);
  });

  it("counts a filter as a filter, but not sort or page", () => {
    expect(hasFilters(parse(rejectedPropTradingQuery, "sort=userId.asc&page=2"))).toBe(false);
    expect(hasFilters(parse(rejectedPropTradingQuery, "user=u1"))).toBe(true);
  });
});

describe("exchanges URL", () => {
  it.each([
    ["pair=USDC%2FUSD", { pair: "USDC/USD" }],
    ["status=Pending,AwaitingRfi", { status: ["Pending", "AwaitingRfi"] }],
    ["status=Pending,%3Cscript%3E", { status: ["Pending"] }],
    ["user=1436", { user: "1436" }],
    ["user=abc", { user: undefined }],
    ["rfi=true", { rfi: "true" }],
    ["rfi=maybe", { rfi: undefined }],
    ["from=2026-11-01&to=2026-11-23", { from: "2026-11-01", to: "2026-11-23" }],
    ["sort=requestAmount.desc", { sort: "requestAmount.desc" }],
    ["", { sort: "lastUpdate.desc", page: 1, status: [] }],
  ])("reads %s", (url, expected) => {
    expect(parse(exchangesQuery, url)).toMatchObject(expected);
  });
});

describe("deliveries URL", () => {
  it.each([
    ["sender=banking", { sender: "banking" }],
    ["sender=mail", { sender: undefined }],
    ["type=EXCHANGE_STATUS_UPDATED", { type: "EXCHANGE_STATUS_UPDATED" }],
    ["outcome=quarantined,duplicate,lost", { outcome: ["quarantined", "duplicate"] }],
    ["q=f9b5e465", { q: "f9b5e465" }],
    ["", { sort: "receivedAt.desc", outcome: [] }],
  ])("reads %s", (url, expected) => {
    expect(parse(deliveriesQuery, url)).toMatchObject(expected);
  });
});

describe("strict reading, for the JSON routes and exports", () => {
  const strict = <S extends Parameters<typeof parseListQuery>[0]>(schema: S, query: string) =>
    parseListQueryStrictly(schema, new URLSearchParams(query));

  it.each([
    ["to=9999-12-31", { to: "9999-12-31" }],
    ["from=0001-01-01", { from: "0001-01-01" }],
    ["user=u1&q=BBSTG&stage=live", { user: "u1", q: "BBSTG", stage: "live" }],
    ["user=&q=&stage=live", { stage: "live" }],
  ])("accepts %s", (url, expected) => {
    const parsed = strict(rejectedPropTradingQuery, url);
    expect(parsed.ok && parsed.query).toMatchObject(expected);
    // An empty parameter, as a form sends it, is no filter.
    if (parsed.ok && url.includes("user=&")) expect(parsed.query.user).toBeUndefined();
  });

  it.each([
    ["to=10000-01-01", "to"],
    ["from=0000-12-31", "from"],
    ["from=2024-02-30", "from"],
    ["user=%00", "user"],
    ["q=a%00b", "q"],
    [`q=${"x".repeat(201)}`, "q"],
    ["stage=paper", "stage"],
    ["sort=drop_table.desc", "sort"],
    ["page=0", "page"],
    ["cursor=%22%3E%3Cscript%3E", "cursor"],
  ])("refuses %s, naming the parameter", (url, param) => {
    const parsed = strict(rejectedPropTradingQuery, url);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((problem) => problem.param)).toContain(param);
  });

  it("refuses an unknown item in a list of choices, which a page would drop", () => {
    expect(strict(deliveriesQuery, "outcome=quarantined,lost").ok).toBe(false);
    expect(parse(deliveriesQuery, "outcome=quarantined,lost").outcome).toEqual(["quarantined"]);
    expect(strict(exchangesQuery, "user=12a").ok).toBe(false);
  });
});
