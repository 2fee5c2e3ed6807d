// Machine-readable results for the closing note: the numbers each fault produced
// (test-results/faults-numbers.json) and the answer each hostile input got
// (test-results/hostile-inputs.json). Outside Playwright's output folder, which it empties.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { faultsProfile, faultsSeed } from "./profile";

const resultsDir = path.join(projectRoot, "test-results");
const numbersFile = path.join(resultsDir, "faults-numbers.json");
// While the run lasts, one file per fault and one per worker: spec files in two workers write at
// the same time. The global teardown gathers them.
const numbersDir = path.join(resultsDir, "faults-numbers");
const hostileInputsDir = path.join(resultsDir, "hostile-inputs");
const hostileInputsFile = path.join(resultsDir, "hostile-inputs.json");

export interface HostileCase {
  case: string;
  endpoint: string;
  /** What the intake must do: the statuses allowed, and what must (not) be stored. */
  expected: string;
  /** The answer: an HTTP status, or what happened to the connection. */
  answer: string;
  /** The answer's JSON `status` or `error`, if any. */
  answerDetail?: string;
  /** What the database holds for it afterwards. */
  stored: string;
  /** From the first byte sent to the whole answer read, in ms. */
  answerMs?: number;
}

function readJson<T>(file: string, empty: T): T {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return empty;
  }
}

function writeJson(file: string, value: unknown) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function resetReports(): void {
  rmSync(numbersFile, { force: true });
  rmSync(numbersDir, { recursive: true, force: true });
  rmSync(hostileInputsFile, { force: true });
  rmSync(hostileInputsDir, { recursive: true, force: true });
}

export function recordNumbers(fault: string, numbers: Record<string, unknown>): void {
  writeJson(path.join(numbersDir, `${fault}.json`), numbers);
  console.log(`[faults] ${fault}: ${JSON.stringify(numbers)}`);
}

function filesIn(dir: string, extension: string): string[] {
  try {
    return readdirSync(dir)
      .filter((file) => file.endsWith(extension))
      .sort()
      .map((file) => path.join(dir, file));
  } catch {
    return [];
  }
}

/** After the run: every fault's numbers in one file, with the profile and the seed to replay it. */
export function collectReports(): void {
  const numberFiles = filesIn(numbersDir, ".json");
  if (numberFiles.length > 0) {
    const faults = Object.fromEntries(numberFiles.map((file) => [path.basename(file, ".json"), readJson(file, {})]));
    writeJson(numbersFile, { profile: faultsProfile.name, seed: faultsSeed, faults });
  }
  const caseFiles = filesIn(hostileInputsDir, ".jsonl");
  if (caseFiles.length > 0) {
    const cases = caseFiles.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as HostileCase),
    );
    const timed = cases.filter((entry) => entry.answerMs !== undefined);
    const worst = timed.reduce<HostileCase | undefined>(
      (slowest, entry) => ((entry.answerMs ?? 0) > (slowest?.answerMs ?? -1) ? entry : slowest),
      undefined,
    );
    writeJson(hostileInputsFile, { profile: faultsProfile.name, worstAnswerMs: worst?.answerMs, worstCase: worst?.case, cases });
    if (worst) console.log(`[faults] hostile inputs: ${timed.length} timed, worst answer ${worst.answerMs} ms (${worst.case})`);
  }
  rmSync(numbersDir, { recursive: true, force: true });
  rmSync(hostileInputsDir, { recursive: true, force: true });
}

export function recordHostileCase(entry: HostileCase): void {
  mkdirSync(hostileInputsDir, { recursive: true });
  appendFileSync(path.join(hostileInputsDir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`);
}
