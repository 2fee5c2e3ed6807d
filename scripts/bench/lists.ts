// Section "lists": the list routes (GET /api/prop-trading/rejected and /api/exchanges: the same
// schema, queries and session check as the pages) on the data set, one filter case at a time, p50
// and p95 of sequential requests. The baseline is the same route with a filter that matches nothing
// through an index: what a request costs before the data (Next.js, session lookup, zod, JSON). For
// a case over target the page's two statements are shown with EXPLAIN (ANALYZE, BUFFERS).
import pg from "pg";
import { inlineSql } from "@/lib/csv/inline-sql";
import { exchangesPageRequest } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { pageStatements } from "@/lib/queries/keyset-page";
import { parseListQuery } from "@/lib/queries/list-query";
import { rejectedPropTradingPageRequest } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";
import type { BenchContext, BenchSection, SectionReport, TargetVerdict } from "./sections";
import { benchSession } from "./session";

const TARGET_P95_MS = 50;

type ListName = "rejected" | "exchanges";

const ROUTES: Record<ListName, string> = { rejected: "/api/prop-trading/rejected", exchanges: "/api/exchanges" };

interface ListCase {
  list: ListName;
  name: string;
  params: Record<string, string>;
  baseline?: boolean;
}

export interface CaseTiming {
  list: ListName;
  name: string;
  query: string;
  rows: number;
  total: number;
  totalCapped: boolean;
  p50: number;
  p95: number;
  max: number;
  explain?: string[];
}

const day = (date: Date) => date.toISOString().slice(0, 10);

/** Filter values taken from the data: a heavy and a typical user, the busiest pair and a rare one, recent days. */
async function chooseCases(url: string): Promise<ListCase[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string) => Object.values((await client.query(sql)).rows[0] ?? {})[0] as string;
    const heavyUser = await one("SELECT user_id FROM prop_trading_request GROUP BY user_id ORDER BY count(*) DESC LIMIT 1");
    const typicalUser = await one(
      "SELECT user_id FROM prop_trading_request WHERE id >= (SELECT (min(id) + max(id)) / 2 FROM prop_trading_request) ORDER BY id LIMIT 1",
    );
    const platform = await one("SELECT platform FROM prop_trading_request WHERE platform IS NOT NULL ORDER BY id DESC LIMIT 1");
    const lastRequest = new Date(await one("SELECT max(request_time) FROM prop_trading_request"));
    // A phrase many packages share (names are translated: the search covers every locale's name).
    const commonWords = await one(
      "SELECT split_part(package_name, ' ', 2) FROM prop_trading_request WHERE package_name LIKE '% Challenge%' LIMIT 1",
    );
    const requestId = await one("SELECT request_id::text FROM prop_trading_request ORDER BY id LIMIT 1 OFFSET 1234");
    const heavyManagee = await one(
      "SELECT managees_id::text FROM exchange WHERE managees_id IS NOT NULL GROUP BY managees_id ORDER BY count(*) DESC LIMIT 1",
    );
    const busyPair = await one(
      "SELECT asset_pair FROM exchange WHERE asset_pair IS NOT NULL GROUP BY asset_pair ORDER BY count(*) DESC LIMIT 1",
    );
    const rarePair = await one(
      "SELECT asset_pair FROM exchange WHERE asset_pair IS NOT NULL GROUP BY asset_pair ORDER BY count(*), asset_pair LIMIT 1",
    );
    const lastUpdate = new Date(await one("SELECT max(last_update_at) FROM exchange"));
    const weekBefore = (last: Date) => ({ from: day(new Date(last.getTime() - 6 * 86_400_000)), to: day(last) });
    return [
      { list: "rejected", name: "baseline: no match (indexed)", params: { user: "no-such-user" }, baseline: true },
      { list: "rejected", name: "no filter", params: {} },
      { list: "rejected", name: "one user (the busiest)", params: { user: heavyUser } },
      { list: "rejected", name: "one user (typical)", params: { user: typicalUser } },
      { list: "rejected", name: "platform", params: { platform } },
      { list: "rejected", name: "stage live", params: { stage: "live" } },
      { list: "rejected", name: "7-day range", params: weekBefore(lastRequest) },
      { list: "rejected", name: `free text "${commonWords}" (common)`, params: { q: commonWords } },
      { list: "rejected", name: "free text: a request id (rare)", params: { q: requestId } },
      { list: "rejected", name: "deep page (page 2000)", params: { page: "2000" } },
      { list: "rejected", name: "sorted by initial balance", params: { sort: "initialBalance.desc" } },
      {
        list: "rejected",
        name: "user + 7-day range + sort asc",
        params: { user: heavyUser, ...weekBefore(lastRequest), sort: "requestTime.asc" },
      },
      { list: "exchanges", name: "baseline: no match (indexed)", params: { user: "999999999999999" }, baseline: true },
      { list: "exchanges", name: "no filter", params: {} },
      { list: "exchanges", name: "one managee (the busiest)", params: { user: heavyManagee } },
      { list: "exchanges", name: `asset pair ${busyPair} (busiest)`, params: { pair: busyPair } },
      { list: "exchanges", name: `asset pair ${rarePair} (rarest)`, params: { pair: rarePair } },
      { list: "exchanges", name: "status Pending", params: { status: "Pending" } },
      { list: "exchanges", name: "statuses Failed + Rejected", params: { status: "Failed,Rejected" } },
      { list: "exchanges", name: "open RFI", params: { rfi: "true" } },
      { list: "exchanges", name: "7-day range", params: weekBefore(lastUpdate) },
      { list: "exchanges", name: "deep page (page 2000)", params: { page: "2000" } },
      { list: "exchanges", name: "sorted by requested amount", params: { sort: "requestAmount.desc" } },
      { list: "exchanges", name: "sorted by first seen, asc", params: { sort: "firstSeen.asc" } },
      {
        list: "exchanges",
        name: "pair + status + 7-day range",
        params: { pair: busyPair, status: "Completed", ...weekBefore(lastUpdate) },
      },
    ];
  } finally {
    await client.end();
  }
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** EXPLAIN (ANALYZE, BUFFERS) of the rows and the count statement the route runs for this case. */
async function explainCase(url: string, listCase: ListCase): Promise<string[]> {
  const params = new URLSearchParams(listCase.params);
  const request =
    listCase.list === "rejected"
      ? rejectedPropTradingPageRequest(parseListQuery(rejectedPropTradingQuery, params))
      : exchangesPageRequest(parseListQuery(exchangesQuery, params));
  const statements = pageStatements(request);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const plans: string[] = [];
    for (const [what, statement] of Object.entries(statements)) {
      const result = await client.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${inlineSql(statement, client)}`);
      plans.push(`-- ${listCase.list} / ${listCase.name}: ${what}`, ...result.rows.map((row) => row["QUERY PLAN"]));
    }
    return plans;
  } finally {
    await client.end();
  }
}

export const listsSection: BenchSection = {
  name: "lists",
  async run(context: BenchContext): Promise<SectionReport> {
    const app = await context.app();
    const { cookie } = await benchSession(context.database.url, app);
    const cases = await chooseCases(context.database.url);
    const iterations = context.quick ? 10 : 40;
    const timings: CaseTiming[] = [];
    for (const listCase of cases) {
      if (context.signal.aborted) throw new Error("Interrupted.");
      const query = new URLSearchParams(listCase.params).toString();
      const url = `${app.baseUrl}${ROUTES[listCase.list]}${query ? `?${query}` : ""}`;
      const samples: number[] = [];
      let answer: { rows: unknown[]; total: number; totalCapped: boolean } | undefined;
      // Three unmeasured requests first: the first of a statement shape pays for planning and cold pages.
      for (let index = 0; index < iterations + 3; index++) {
        const started = performance.now();
        const response = await fetch(url, { headers: { cookie } });
        const body = await response.text();
        const elapsed = performance.now() - started;
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
        if (index >= 3) samples.push(elapsed);
        answer ??= JSON.parse(body);
      }
      samples.sort((a, b) => a - b);
      timings.push({
        list: listCase.list,
        name: listCase.name,
        query,
        rows: answer?.rows.length ?? 0,
        total: answer?.total ?? 0,
        totalCapped: answer?.totalCapped ?? false,
        p50: round(percentile(samples, 0.5)),
        p95: round(percentile(samples, 0.95)),
        max: round(samples.at(-1) ?? Number.NaN),
      });
    }

    const targets: TargetVerdict[] = [];
    const notes: string[] = [];
    for (const [index, timing] of timings.entries()) {
      const listCase = cases[index] as ListCase;
      if (listCase.baseline) continue;
      const met = timing.p95 < TARGET_P95_MS;
      targets.push({ target: `list ${timing.list}: ${timing.name} p95 < ${TARGET_P95_MS} ms`, met, detail: `p95 ${timing.p95} ms` });
      if (!met) {
        timing.explain = await explainCase(context.database.url, listCase);
        notes.push(...timing.explain);
      }
    }
    const baselineOf = (list: ListName) => timings.find((timing, index) => timing.list === list && cases[index]?.baseline);
    return {
      tables: [
        {
          title: `Lists — JSON list routes with a session, ${iterations} sequential requests per case (after 3 unmeasured), times in ms`,
          columns: ["list", "case", "rows", "matching", "p50", "p95", "max", "p50 / baseline"],
          rows: timings.map((timing) => [
            timing.list,
            timing.name,
            timing.rows,
            timing.totalCapped ? `> ${timing.total.toLocaleString("en")}` : timing.total,
            timing.p50,
            timing.p95,
            timing.max,
            round(timing.p50 / (baselineOf(timing.list)?.p50 ?? Number.NaN)),
          ]),
          notes: [
            "baseline: the same route with a filter no row matches (index lookup): Next.js, session, zod and JSON without the data.",
            ...(notes.length > 0 ? ["Over target — EXPLAIN (ANALYZE, BUFFERS):", ...notes] : []),
          ],
        },
      ],
      data: { iterations, cases: timings },
      targets,
    };
  },
};
