// `npm test`: the whole suite, in order — lint/format, type check, unit and integration tests
// (Vitest, real PostgreSQL), the production build, end-to-end tests (Playwright, real Chromium),
// fault injection and hostile input (Playwright, short profile) — and one last line
// `N passed, N failed` summing every runner. A failing stage does not stop the
// later ones, so one run shows everything that is wrong.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { buildProduction } from "./build";

interface StageResult {
  name: string;
  passed: number;
  failed: number;
  seconds: number;
}

const results: StageResult[] = [];
const only = process.argv.slice(2).filter((arg) => !arg.startsWith("-"));
const wanted = (stage: string) => only.length === 0 || only.includes(stage);

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.once("error", () => resolve(1));
    child.once("close", (code) => resolve(code ?? 1));
  });
}

function bin(name: string) {
  return path.join(projectRoot, "node_modules", ".bin", name);
}

async function stage(name: string, work: () => Promise<{ passed: number; failed: number }>) {
  if (!wanted(name)) return;
  console.log(`\n━━ ${name} ━━`);
  const started = Date.now();
  let outcome: { passed: number; failed: number };
  try {
    outcome = await work();
  } catch (error) {
    console.error(`${name} could not run:`, error);
    outcome = { passed: 0, failed: 1 };
  }
  results.push({ name, ...outcome, seconds: Math.round((Date.now() - started) / 100) / 10 });
}

/** A check that is one pass or one failure: it either exits 0 or not. */
async function check(command: string, args: string[]) {
  const code = await run(command, args);
  return code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
}

/** A Playwright run, counted from its JSON report. */
async function playwright(config: string, reportFile: string, env: Record<string, string> = {}) {
  const code = await run(bin("playwright"), ["test", "-c", config], { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile });
  const report = JSON.parse(await readFile(reportFile, "utf8").catch(() => "{}")) as {
    stats?: { expected?: number; unexpected?: number; flaky?: number };
  };
  const stats = report.stats ?? {};
  const failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0) + (code !== 0 && !stats.unexpected ? 1 : 0);
  return { passed: stats.expected ?? 0, failed };
}

interface FolderCoverage {
  folder: string;
  lines: number;
  branches: number;
  functions: number;
  files: number;
}

type Totals = Record<"lines" | "branches" | "functions", { total: number; covered: number }>;

const coverageSummary = path.join(projectRoot, "test-results", "coverage", "coverage-summary.json");

/** app/, components/, scripts/ and each lib/<folder>/: V8 coverage of the unit and integration tests. */
async function coverageByFolder(): Promise<FolderCoverage[]> {
  const summary = JSON.parse(await readFile(coverageSummary, "utf8").catch(() => "{}")) as Record<string, Totals>;
  const folders = new Map<string, Totals & { files: number }>();
  for (const [file, totals] of Object.entries(summary)) {
    if (file === "total") continue;
    const parts = path.relative(projectRoot, file).split(path.sep);
    const folder = parts[0] === "lib" && parts.length > 2 ? `lib/${parts[1]}/` : parts.length > 1 ? `${parts[0]}/` : (parts[0] ?? "");
    const sum = folders.get(folder) ?? {
      lines: { total: 0, covered: 0 },
      branches: { total: 0, covered: 0 },
      functions: { total: 0, covered: 0 },
      files: 0,
    };
    for (const key of ["lines", "branches", "functions"] as const) {
      sum[key].total += totals[key].total;
      sum[key].covered += totals[key].covered;
    }
    sum.files += 1;
    folders.set(folder, sum);
  }
  const percent = (part: { total: number; covered: number }) =>
    part.total === 0 ? 100 : Math.round((part.covered / part.total) * 1000) / 10;
  return [...folders.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, sum]) => ({
      folder,
      lines: percent(sum.lines),
      branches: percent(sum.branches),
      functions: percent(sum.functions),
      files: sum.files,
    }));
}

/** Route handler modules (app/**\/route.ts) whose code no unit or integration test ran. */
async function untestedRouteModules(): Promise<string[]> {
  const summary = JSON.parse(await readFile(coverageSummary, "utf8").catch(() => "{}")) as Record<string, Totals>;
  const routes = Object.keys(summary).filter((file) => /\/app\/.*\/route\.ts$/.test(file));
  if (routes.length === 0) return ["(no coverage report: did the vitest stage run?)"];
  return routes.filter((file) => (summary[file]?.lines.covered ?? 0) === 0).map((file) => path.relative(projectRoot, file));
}

async function main() {
  const reports = await mkdtemp(path.join(os.tmpdir(), "webhook-ops-test-reports-"));

  await stage("lint", () => check(bin("biome"), ["check", "."]));
  await stage("typecheck", async () => {
    // Route types (PageProps<"/…">) are generated by Next.js; a fresh clone has none yet.
    if ((await run(bin("next"), ["typegen"])) !== 0) return { passed: 0, failed: 1 };
    return check(bin("tsc"), ["--noEmit", "-p", "."]);
  });

  let coverage: FolderCoverage[] = [];
  await stage("vitest", async () => {
    const file = path.join(reports, "vitest.json");
    const code = await run(bin("vitest"), ["run", "--coverage", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
    const report = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as { numPassedTests?: number; numFailedTests?: number };
    const failed = (report.numFailedTests ?? 0) + (code !== 0 && !report.numFailedTests ? 1 : 0);
    coverage = await coverageByFolder();
    return { passed: report.numPassedTests ?? 0, failed };
  });

  // Every route handler module must be run by some unit or integration test (server actions need a
  // real request: the e2e suite's enumeration performs every one in the build's manifest).
  await stage("coverage", async () => {
    const untested = await untestedRouteModules();
    for (const file of untested) console.error(`no unit or integration test runs ${file}`);
    return untested.length === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  });

  await stage("build", async () => {
    await buildProduction();
    return { passed: 1, failed: 0 };
  });

  await stage("e2e", () => playwright("e2e/playwright.config.ts", path.join(reports, "playwright.json")));

  // Fault injection and hostile input, short profile (`npm run test:faults` runs the long one).
  await stage("faults", () =>
    playwright("e2e/faults/playwright.config.ts", path.join(reports, "faults.json"), { FAULTS_PROFILE: "short" }),
  );

  await rm(reports, { recursive: true, force: true });

  if (coverage.length > 0) {
    console.log("\n━━ coverage (unit + integration, V8; the e2e suite counts separately) ━━");
    console.log(`${"folder".padEnd(20)} ${"lines".padStart(7)} ${"branches".padStart(9)} ${"functions".padStart(10)}  files`);
    for (const folder of coverage) {
      console.log(
        `${folder.folder.padEnd(20)} ${`${folder.lines}%`.padStart(7)} ${`${folder.branches}%`.padStart(9)} ${`${folder.functions}%`.padStart(10)}  ${folder.files}`,
      );
    }
  }

  console.log("\n━━ summary ━━");
  for (const result of results) {
    console.log(
      `${result.name.padEnd(10)} ${String(result.passed).padStart(4)} passed ${String(result.failed).padStart(4)} failed  ${result.seconds}s`,
    );
  }
  const passed = results.reduce((sum, result) => sum + result.passed, 0);
  const failed = results.reduce((sum, result) => sum + result.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 && results.length > 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  console.log("0 passed, 1 failed");
  process.exit(1);
});
