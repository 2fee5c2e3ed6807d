// `npm test`: the whole suite, in order — lint/format, type check, unit and integration tests
// (Vitest, real PostgreSQL), the production build, end-to-end tests (Playwright, real Chromium),
// fault injection and hostile input (Playwright, short profile) — and one last line
// `N passed, N failed` summing every runner. A failing stage does not stop the
// later ones, so one run shows everything that is wrong.
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { projectRoot } from "@/lib/db/prisma-cli";
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

async function main() {
  const reports = await mkdtemp(path.join(os.tmpdir(), "webhook-ops-test-reports-"));

  await stage("lint", () => check(bin("biome"), ["check", "."]));
  await stage("typecheck", () => check(bin("tsc"), ["--noEmit", "-p", "."]));

  await stage("vitest", async () => {
    const file = path.join(reports, "vitest.json");
    const code = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${file}`]);
    const report = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as { numPassedTests?: number; numFailedTests?: number };
    const failed = (report.numFailedTests ?? 0) + (code !== 0 && !report.numFailedTests ? 1 : 0);
    return { passed: report.numPassedTests ?? 0, failed };
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
