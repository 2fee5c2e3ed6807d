// Filter state → SQL conditions, table-driven: one case per filter of each list. The same builders
// serve the page, its JSON route and its CSV export.
import { describe, expect, it } from "vitest";
import { csvSelect } from "@/lib/csv/export-columns";
import { deliveriesWhere } from "../deliveries";
import { deliveriesQuery } from "../deliveries-schema";
import { exchangesExport, exchangesWhere } from "../exchanges";
import { exchangesQuery } from "../exchanges-schema";
import { parseListQuery } from "../list-query";
import { rejectedPropTradingExport, rejectedPropTradingWhere } from "../rejected-prop-trading";
import { rejectedPropTradingQuery } from "../rejected-prop-trading-schema";
import { likePattern } from "../sql";

const sqlOf = (sql: { sql: string; values: unknown[] }) => ({ text: sql.sql.replace(/\s+/g, " ").trim(), values: sql.values });

describe("rejected prop-trading filters as SQL", () => {
  const where = (url: string) => sqlOf(rejectedPropTradingWhere(parseListQuery(rejectedPropTradingQuery, new URLSearchParams(url))));

  it.each([
    ["", "", []],
    ["user=045dff8l", "AND r.user_id = ?", ["045dff8l"]],
    ["platform=mt5", "AND r.platform = ?", ["mt5"]],
    ["package=Pro%20100K", "AND r.package_name = ?", ["Pro 100K"]],
    ["stage=live", 'AND r.stage = ?::"PropTradingStage"', ["live"]],
    ["from=2024-07-30", "AND r.request_time >= (?::date)::timestamp AT TIME ZONE 'UTC'", ["2024-07-30"]],
    ["to=2024-07-30", "AND r.request_time < (?::date + 1)::timestamp AT TIME ZONE 'UTC'", ["2024-07-30"]],
    ["q=BBSTG", "AND r.search_text LIKE ?", ["%bbstg%"]],
    ["user=u1&platform=mt4", "AND r.user_id = ? AND r.platform = ?", ["u1", "mt4"]],
  ])("%s", (url, text, values) => {
    expect(where(url)).toEqual({ text, values });
  });

  it("matches %, _ and \\ in free text literally", () => {
    expect(likePattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });

  it("exports in the list's own order, with the same filters", () => {
    const query = parseListQuery(rejectedPropTradingQuery, new URLSearchParams("user=u1&sort=initialBalance.asc"));
    const text = sqlOf(csvSelect(rejectedPropTradingExport(query))).text;
    expect(text).toContain("WHERE TRUE AND r.user_id = ?");
    expect(text).toMatch(/ORDER BY r\.initial_balance ASC, r\.id ASC$/);
  });
});

describe("exchange filters as SQL", () => {
  const where = (url: string) => sqlOf(exchangesWhere(parseListQuery(exchangesQuery, new URLSearchParams(url))));

  it.each([
    ["", "", []],
    ["pair=USDC%2FUSD", "AND x.asset_pair = ?", ["USDC/USD"]],
    ["status=Pending,AwaitingRfi", "AND x.status IN (?,?)", ["Pending", "AwaitingRfi"]],
    ["user=1436", "AND x.managees_id = ?::bigint", ["1436"]],
    ["rfi=true", "AND x.has_open_rfi IS TRUE", []],
    ["rfi=false", "AND x.has_open_rfi IS NOT TRUE", []],
    ["from=2026-11-01", "AND x.last_update_at >= (?::date)::timestamp AT TIME ZONE 'UTC'", ["2026-11-01"]],
    ["to=2026-11-01", "AND x.last_update_at < (?::date + 1)::timestamp AT TIME ZONE 'UTC'", ["2026-11-01"]],
  ])("%s", (url, text, values) => {
    expect(where(url)).toEqual({ text, values });
  });

  it("exports newest update first by default", () => {
    expect(sqlOf(csvSelect(exchangesExport(parseListQuery(exchangesQuery, new URLSearchParams(""))))).text).toMatch(
      /ORDER BY x\.last_update_at DESC, x\.exchange_id DESC$/,
    );
  });
});

describe("delivery filters as SQL", () => {
  const where = (url: string) => sqlOf(deliveriesWhere(parseListQuery(deliveriesQuery, new URLSearchParams(url))));

  it.each([
    ["", "", []],
    ["sender=crm", 'AND d.sender = ?::"Sender"', ["crm"]],
    ["type=EXCHANGE_STATUS_UPDATED", "AND d.event_type = ?", ["EXCHANGE_STATUS_UPDATED"]],
    ["outcome=quarantined,duplicate", 'AND d.outcome IN (?::"DeliveryOutcome",?::"DeliveryOutcome")', ["quarantined", "duplicate"]],
    ["from=2026-11-23", "AND d.received_at >= (?::date)::timestamp AT TIME ZONE 'UTC'", ["2026-11-23"]],
    // A short number is a delivery id or a callback Id, not the prefix of a sixteenth of all bodies' hashes.
    ["q=12098", "AND (d.id = ?::bigint OR d.callback_id = ?)", ["12098", "12098"]],
    // At least 8 hex digits, as typed, may also be the start of a body's hash.
    ["q=F9B5E465", "AND (d.callback_id = ? OR d.body_sha256 LIKE ?)", ["F9B5E465", "f9b5e465%"]],
    // Anything else is compared whole: no characters are dropped to make a pattern (q=zzz once became LIKE '%').
    ["q=f9b5e465-69b5", "AND (d.callback_id = ?)", ["f9b5e465-69b5"]],
    ["q=zzz", "AND (d.callback_id = ?)", ["zzz"]],
  ])("%s", (url, text, values) => {
    expect(where(url)).toEqual({ text, values });
  });
});
