// Runs the standard Prisma CLI with the project's offline schema engine (see prisma.config.ts).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

export const projectRoot = path.resolve(import.meta.dirname, "../..");
export const schemaEngineBinary = path.join(projectRoot, "tooling/prisma/schema-engine/schema-engine.mjs");

export interface PrismaCliResult {
  code: number;
  output: string;
}

/** Runs `prisma <args>`; output is streamed when `inherit` is set, captured otherwise. */
export function runPrismaCli(
  args: string[],
  options: { databaseUrl?: string; cwd?: string; inherit?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<PrismaCliResult> {
  const cli = require.resolve("prisma/build/index.js");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? projectRoot,
      stdio: options.inherit ? "inherit" : ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        ...options.env,
        ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
        PRISMA_SCHEMA_ENGINE_BINARY: schemaEngineBinary,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** `prisma migrate deploy`: applies pending migrations, never creates new ones. */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const result = await runPrismaCli(["migrate", "deploy"], { databaseUrl });
  if (result.code !== 0) {
    const reason = result.output
      .split("\n")
      .filter((line) => line.trim() && !line.startsWith("Loaded Prisma config") && !line.startsWith("Prisma schema loaded"))
      .join("\n");
    throw new MigrationError(`Applying database migrations failed:\n${reason}`);
  }
}
