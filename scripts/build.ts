// `npm run build`: generates the Prisma client and builds the production bundle. `npm start` calls
// ensureProductionBuild(), which rebuilds only when the sources changed since the last build.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { projectRoot, runPrismaCli } from "@/tooling/prisma/prisma-cli";

const require = createRequire(import.meta.url);
const fingerprintFile = path.join(projectRoot, ".next", "source-fingerprint");
const sourceDirs = ["app", "components", "lib", "public"];
const sourceFiles = ["package.json", "package-lock.json", "next.config.mjs", "postcss.config.mjs", "tsconfig.json", "prisma/schema.prisma"];
const skipped = new Set(["node_modules", "generated", "__tests__"]);

async function* walk(dir: string): AsyncGenerator<string> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (skipped.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

export async function sourceFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const files = [...sourceFiles.map((file) => path.join(projectRoot, file))];
  for (const dir of sourceDirs) for await (const file of walk(path.join(projectRoot, dir))) files.push(file);
  for (const file of files) {
    hash.update(path.relative(projectRoot, file));
    hash.update(await readFile(file).catch(() => Buffer.alloc(0)));
  }
  return hash.digest("hex");
}

export async function generatePrismaClient(): Promise<void> {
  const result = await runPrismaCli(["generate"]);
  if (result.code !== 0) throw new Error(`prisma generate failed:\n${result.output}`);
}

export async function buildProduction(): Promise<void> {
  await generatePrismaClient();
  const fingerprint = await sourceFingerprint();
  const nextBin = require.resolve("next/dist/bin/next");
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      cwd: projectRoot,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.once("error", reject);
    child.once("close", (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
  await writeFile(fingerprintFile, fingerprint);
}

/** Builds unless .next holds a build of exactly the current sources. */
export async function ensureProductionBuild(log: (message: string) => void): Promise<void> {
  const current = await sourceFingerprint();
  const built = await readFile(fingerprintFile, "utf8").catch(() => "");
  if (built === current && existsSync(path.join(projectRoot, ".next", "BUILD_ID"))) return;
  log(built ? "Sources changed since the last build; rebuilding…" : "No production build yet; building (once)…");
  await buildProduction();
}

if (process.argv[1] === import.meta.filename) {
  buildProduction().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
