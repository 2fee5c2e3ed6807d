// Section "export": each CSV export route on the whole data set (no filter: every row), against its
// floor measured in the same run: PostgreSQL's own `COPY (<the route's SELECT>) TO STDOUT WITH CSV`
// read through pg-copy-streams. They take turns (COPY, route, COPY, route …) so a slow moment of the
// machine hits both; medians are compared. The route's output must be the COPY's byte for byte plus
// the UTF-8 BOM, or the section fails: an export that is fast but not exact is no export.
import { createHash } from "node:crypto";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { csvSelect } from "@/lib/csv/export-columns";
import { inlineSql } from "@/lib/csv/inline-sql";
import { exchangesExport } from "@/lib/queries/exchanges";
import { exchangesQuery } from "@/lib/queries/exchanges-schema";
import { parseListQuery } from "@/lib/queries/list-query";
import { rejectedPropTradingExport } from "@/lib/queries/rejected-prop-trading";
import { rejectedPropTradingQuery } from "@/lib/queries/rejected-prop-trading-schema";
import { type CopyMeasurement, measureCopy } from "./copy-baseline";
import { type PeakRss, withPeakRss } from "./process-stats";
import type { BenchContext, BenchSection, SectionReport, TargetVerdict } from "./sections";
import { benchSession } from "./session";

const TARGET_RATIO = 0.6;
const TARGET_RSS_MIB = 300;

interface ExportRoute {
  name: string;
  path: string;
  select: (client: pg.Client) => string;
}

const EXPORTS: ExportRoute[] = [
  {
    name: "rejected prop-trading requests",
    path: "/api/prop-trading/rejected/export",
    select: (client) =>
      inlineSql(csvSelect(rejectedPropTradingExport(parseListQuery(rejectedPropTradingQuery, new URLSearchParams()))), client),
  },
  {
    name: "exchanges",
    path: "/api/exchanges/export",
    select: (client) => inlineSql(csvSelect(exchangesExport(parseListQuery(exchangesQuery, new URLSearchParams()))), client),
  },
];

interface RouteMeasurement {
  bytes: number;
  seconds: number;
  sha256: string;
  /** The app server (and its children) while the export ran. */
  serverMemory: PeakRss;
}

async function measureRoute(url: string, cookie: string, serverPid: number): Promise<RouteMeasurement> {
  const hash = createHash("sha256");
  let bytes = 0;
  const started = performance.now();
  const { memory } = await withPeakRss(serverPid, async () => {
    const response = await fetch(url, { headers: { cookie } });
    if (response.status !== 200 || !response.body) throw new Error(`${url} answered ${response.status}`);
    const reader = response.body.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) {
      bytes += next.value.length;
      hash.update(next.value);
    }
  });
  return { bytes, seconds: (performance.now() - started) / 1000, sha256: hash.digest("hex"), serverMemory: memory };
}

/** The BOM the route puts first, then PostgreSQL's CSV: what the route must send. */
async function copySha256(url: string, select: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const hash = createHash("sha256").update(Buffer.from([0xef, 0xbb, 0xbf]));
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        done();
      },
    });
    await pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv, HEADER true)`)), sink);
    return hash.digest("hex");
  } finally {
    await client.end();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const round = (value: number, places = 2) => Math.round(value * 10 ** places) / 10 ** places;

export const exportSection: BenchSection = {
  name: "export",
  async run(context: BenchContext): Promise<SectionReport> {
    const app = await context.app();
    const { cookie } = await benchSession(context.database.url, app);
    const rounds = context.quick ? 2 : 3;
    const results = [];
    for (const route of EXPORTS) {
      const client = new pg.Client({ connectionString: context.database.url });
      await client.connect();
      const select = route.select(client);
      await client.end();
      const copies: CopyMeasurement[] = [];
      const routes: RouteMeasurement[] = [];
      // One unmeasured COPY first so both read warm pages.
      await measureCopy(context.database.url, route.name, select);
      for (let round = 0; round < rounds; round++) {
        if (context.signal.aborted) throw new Error("Interrupted.");
        copies.push(await measureCopy(context.database.url, route.name, select, { sampleBackend: context.database.embedded }));
        routes.push(await measureRoute(`${app.baseUrl}${route.path}`, cookie, app.pid));
      }
      const expected = await copySha256(context.database.url, select);
      const rows = copies[0]?.rows ?? 0;
      const exact = routes.every((measurement) => measurement.sha256 === expected);
      const copySeconds = median(copies.map((copy) => copy.seconds));
      const routeSeconds = median(routes.map((measurement) => measurement.seconds));
      const peakRss = Math.max(...routes.map((measurement) => measurement.serverMemory.peakMiB ?? Number.NaN));
      context.say(`  ${route.name}: ${rows} rows, route ${round(routeSeconds)} s, COPY ${round(copySeconds)} s, exact: ${exact}`);
      // The same rows as an Excel workbook (typed cells, zipped as it goes): how it compares with the CSV.
      const workbooks: RouteMeasurement[] = [];
      for (let round = 0; round < (context.quick ? 1 : 2); round++) {
        if (context.signal.aborted) throw new Error("Interrupted.");
        workbooks.push(await measureRoute(`${app.baseUrl}${route.path}?format=xlsx`, cookie, app.pid));
      }
      const xlsxSeconds = median(workbooks.map((measurement) => measurement.seconds));
      const xlsxPeakRss = Math.max(...workbooks.map((measurement) => measurement.serverMemory.peakMiB ?? Number.NaN));
      context.say(`  ${route.name} as XLSX: ${round(xlsxSeconds)} s, peak RSS ${xlsxPeakRss} MiB`);
      results.push({ route, rows, exact, copySeconds, routeSeconds, peakRss, copies, routes, xlsxSeconds, xlsxPeakRss, workbooks });
    }
    const targets: TargetVerdict[] = results.flatMap((result) => [
      {
        target: `export ${result.route.name}: ≥ ${TARGET_RATIO * 100} % of COPY's rows/s`,
        met: result.copySeconds / result.routeSeconds >= TARGET_RATIO,
        detail: `${Math.round((result.copySeconds / result.routeSeconds) * 100)} % (${Math.round(result.rows / result.routeSeconds).toLocaleString("en")} vs ${Math.round(result.rows / result.copySeconds).toLocaleString("en")} rows/s)`,
      },
      {
        target: `export ${result.route.name}: server RSS < ${TARGET_RSS_MIB} MB`,
        met: result.peakRss < TARGET_RSS_MIB,
        detail: `peak ${result.peakRss} MiB`,
      },
      {
        target: `export ${result.route.name}: identical to COPY's CSV (plus BOM)`,
        met: result.exact,
        detail: result.exact ? "byte for byte" : "differs",
      },
      {
        target: `export ${result.route.name} as XLSX: server RSS < ${TARGET_RSS_MIB} MB (streamed, not built in memory)`,
        met: result.xlsxPeakRss < TARGET_RSS_MIB,
        detail: `peak ${result.xlsxPeakRss} MiB`,
      },
    ]);
    return {
      tables: [
        {
          title: `Export — CSV export routes vs PostgreSQL's COPY of the same SELECT, median of ${rounds} alternating rounds`,
          columns: [
            "export",
            "rows",
            "MiB",
            "route s",
            "route rows/s",
            "COPY s",
            "COPY rows/s",
            "ratio",
            "server peak RSS MiB",
            "identical",
          ],
          rows: results.map((result) => [
            result.route.path,
            result.rows,
            round((result.routes[0]?.bytes ?? 0) / 1024 / 1024, 1),
            round(result.routeSeconds),
            Math.round(result.rows / result.routeSeconds),
            round(result.copySeconds),
            Math.round(result.rows / result.copySeconds),
            round(result.copySeconds / result.routeSeconds),
            result.peakRss,
            result.exact ? "yes" : "NO",
          ]),
          notes: [
            "ratio: the route's rows/s over COPY's (target ≥ 0.6). Server peak RSS: the web server process and its children, sampled every 100 ms.",
          ],
        },
        {
          title: "Export — the same rows as an Excel workbook (?format=xlsx), beside the CSV",
          columns: ["export", "rows", "XLSX MiB", "XLSX s", "XLSX rows/s", "CSV rows/s", "XLSX / CSV", "server peak RSS MiB"],
          rows: results.map((result) => [
            `${result.route.path}?format=xlsx`,
            result.rows,
            round((result.workbooks[0]?.bytes ?? 0) / 1024 / 1024, 1),
            round(result.xlsxSeconds),
            Math.round(result.rows / result.xlsxSeconds),
            Math.round(result.rows / result.routeSeconds),
            round(result.routeSeconds / result.xlsxSeconds),
            result.xlsxPeakRss,
          ]),
          notes: ["XLSX cells are typed one by one in JavaScript and zipped: slower than COPY's CSV by nature; memory must stay flat."],
        },
      ],
      data: {
        rounds,
        exports: results.map(({ route, ...rest }) => ({ name: route.name, path: route.path, ...rest })),
      },
      targets,
    };
  },
};
