// `npm run bench`: performance of the production build on a realistic data set. Prepares the data
// set (generate.ts; reused when already there), then runs the measurement sections in order and
// prints their tables; the figures, with the machine they were measured on, go to
// scripts/bench/results/<time>-<mode>.json. Every throughput figure is compared with a baseline
// measured in the same run, because on a shared machine only ratios are comparable between runs.
//
//   npm run bench                      full run (1 M requests, 1 M exchanges; first time ~10 min to generate)
//   npm run bench -- --quick           small data set, one concurrency level, short runs (< 3 min)
//   npm run bench -- --generate-only   only make sure the data set is there
//   npm run bench -- --regenerate      throw the data set away and generate it again
//   npm run bench -- --only=ingest     run some sections only (comma-separated names)
//   npm run bench -- --server-cpu-prof write a V8 CPU profile of the app server to .data/bench/profiles
//
// Runs on DATABASE_URL when set (its database is replaced by the data set), otherwise on an embedded
// PostgreSQL under BENCH_PG_DIR (.data/bench) on BENCH_PG_PORT (54400); the app listens on BENCH_PORT (3300).
import os from "node:os";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { ensureProductionBuild } from "../build";
import { alertsSection } from "./alerts";
import { BENCH_PG_DIR, type BenchDatabase, openBenchDatabase } from "./database";
import { exportSection } from "./export";
import { DATASET_SIZES, type DatasetInfo, prepareDataset } from "./generate";
import { ingestSection } from "./ingest";
import { instancesSection } from "./instances";
import { listsSection } from "./lists";
import { liveSection } from "./live";
import { machineFacts } from "./machine";
import { pagesSection } from "./pages";
import { formatTable, formatTargets, writeResults } from "./report";
import type { BenchContext, BenchSection, SectionReport, Table, TargetVerdict } from "./sections";
import { type RunningServer, startAppServer } from "./servers";

/** The measurements, in the order they run: the reading ones first, then those that write (and clean up after themselves). */
const SECTIONS: BenchSection[] = [listsSection, exportSection, pagesSection, ingestSection, instancesSection, liveSection, alertsSection];

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const only = args
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",")
  .filter(Boolean);
const quick = flag("quick");
const size = DATASET_SIZES[quick ? "quick" : "full"];
const say = (message: string) => console.log(`[bench] ${message}`);

const controller = new AbortController();
let firstInterrupt = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): only a second
    // Ctrl-C a moment later means "stop now, without cleaning up".
    if (firstInterrupt > 0) {
      if (Date.now() - firstInterrupt > 1_000) process.exit(130);
      return;
    }
    firstInterrupt = Date.now();
    say(`${signal}: stopping the load and the servers…`);
    controller.abort();
  });
}

function dataTable(dataset: DatasetInfo): Table {
  return {
    title: `Data set (${dataset.size}, generator v${dataset.version}) — ${dataset.reused ? `reused, generated ${dataset.generatedAt}` : "generated now"}`,
    columns: ["what", "value"],
    rows: [
      ["rejected prop-trading requests", dataset.propTradingRequests],
      ["exchanges", dataset.exchanges],
      ["exchange timeline rows", dataset.exchangeEvents],
      ["deliveries", dataset.deliveries],
      ["received between", `${dataset.timeFrom.slice(0, 10)} and ${dataset.timeTo.slice(0, 10)}`],
      [
        "table sizes",
        Object.entries(dataset.tableSizes ?? {})
          .map(([table, tableSize]) => `${table} ${tableSize}`)
          .join(", "),
      ],
      [`generation (${dataset.strategy}) s`, dataset.seconds],
      [
        "  phases s",
        Object.entries(dataset.phases)
          .map(([phase, seconds]) => `${phase} ${seconds}`)
          .join(", "),
      ],
    ],
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  const startedAt = new Date().toISOString();
  let database: BenchDatabase | undefined;
  let app: RunningServer | undefined;
  let appStarting: Promise<RunningServer> | undefined;
  const tables: Table[] = [];
  const targets: TargetVerdict[] = [];
  const sections: Record<string, { seconds: number; data: unknown; targets?: TargetVerdict[] }> = {};
  try {
    database = await openBenchDatabase(`bench_${size.label}`, say);
    const db = database;
    const machine = await machineFacts(db.url);
    const dataset = await prepareDataset({
      url: db.url,
      embedded: db.embedded,
      size,
      regenerate: flag("regenerate"),
      strategy: flag("keep-indexes") ? "keep-indexes" : "rebuild-indexes",
      say,
      signal: controller.signal,
    });
    tables.push(dataTable(dataset));

    if (!flag("generate-only")) {
      const context: BenchContext = {
        quick,
        database: db,
        dataset: () => dataset,
        signal: controller.signal,
        say,
        app: () => {
          appStarting ??= (async () => {
            await ensureProductionBuild(say);
            say("Starting the production server…");
            const profiles = path.join(projectRoot, BENCH_PG_DIR, "profiles");
            app = await startAppServer(db.url, {
              nodeArgs: flag("server-cpu-prof") ? ["--cpu-prof", `--cpu-prof-dir=${profiles}`] : undefined,
            });
            return app;
          })();
          return appStarting;
        },
      };
      for (const section of SECTIONS.filter((entry) => !only || only.includes(entry.name))) {
        if (controller.signal.aborted) break;
        say(`Section ${section.name}…`);
        const sectionStarted = performance.now();
        const report: SectionReport = await section.run(context);
        const seconds = Math.round((performance.now() - sectionStarted) / 100) / 10;
        sections[section.name] = { seconds, data: report.data, targets: report.targets };
        tables.push(...report.tables);
        targets.push(...(report.targets ?? []));
        say(`Section ${section.name} done in ${seconds} s`);
      }
    }

    for (const table of tables) console.log(formatTable(table));
    console.log(formatTargets(targets));
    const file = await writeResults(quick ? "quick" : "full", {
      mode: quick ? "quick" : "full",
      startedAt,
      finishedAt: new Date().toISOString(),
      totalSeconds: Math.round((Date.now() - started) / 1000),
      machine: { ...machine, loadAverageAtEnd: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 },
      database: { embedded: db.embedded, server: db.description },
      dataset,
      sections,
      targets,
    });
    say(`Results: ${path.relative(projectRoot, file)} (${Math.round((Date.now() - started) / 1000)} s in all)`);
    return 0;
  } catch (error) {
    console.error(controller.signal.aborted ? "[bench] Interrupted." : error instanceof Error ? (error.stack ?? error.message) : error);
    return 1;
  } finally {
    await (app as RunningServer | undefined)?.stop().catch(() => undefined);
    if (database?.embedded) say("Stopping the embedded PostgreSQL…");
    await database?.stop().catch(() => undefined);
  }
}

process.exit(await main());
