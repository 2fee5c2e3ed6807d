// The processes under load: the app's production server (the web server) and the bare baseline
// server, each started with what it needs and stopped with SIGTERM (SIGKILL if it hangs).
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { projectRoot } from "@/lib/db/prisma-cli";
import { benchSecrets } from "./catalogue";

export interface RunningServer {
  name: string;
  baseUrl: string;
  pid: number;
  logFile: string;
  stop: () => Promise<void>;
}

export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 3300);
export const LOG_DIR = path.join(projectRoot, process.env.BENCH_PG_DIR ?? ".data/bench", "logs");

function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
    return stopping;
  };
}

async function waitUntil(ready: () => Promise<boolean>, child: ChildProcess, what: string, logFile: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited during start-up; see ${logFile}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s; see ${logFile}`);
}

async function launch(name: string, args: string[], env: Record<string, string>, port: number, readyPath: string, method = "GET") {
  await mkdir(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const log = createWriteStream(logFile, { flags: "w" });
  const childEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    ...env,
    NODE_ENV: "production",
    PORT: String(port),
  };
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ["ignore", "pipe", "pipe"], env: childEnv });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once("exit", () => log.end());
  const stop = stopper(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${baseUrl}${readyPath}`, { method })).status < 500, child, name, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name, baseUrl, pid: child.pid ?? -1, logFile, stop };
}

/** Signs the benchmark's sessions; it never leaves the benchmark's own database. */
export const BENCH_AUTH_SECRET = "bench-auth-secret-0123456789abcdefghijklmnop";

const serverEnv = (databaseUrl: string, port: number) => ({
  // Passed through when set, to measure the app with another pool size (both servers use it).
  ...(process.env.DATABASE_POOL_SIZE ? { DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE } : {}),
  DATABASE_URL: databaseUrl,
  HOST: "127.0.0.1",
  CRM_WEBHOOK_SECRET: benchSecrets.crm,
  BANKING_WEBHOOK_SECRET: benchSecrets.banking,
  BETTER_AUTH_SECRET: BENCH_AUTH_SECRET,
  APP_URL: `http://127.0.0.1:${port}`,
  LOG_LEVEL: "warn",
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
});

/** The web server on the production build, as `npm start` runs it, with the benchmark's database and secrets. */
export function startAppServer(
  databaseUrl: string,
  options: { port?: number; nodeArgs?: string[]; name?: string } = {},
): Promise<RunningServer> {
  const port = options.port ?? BENCH_PORT;
  return launch(
    options.name ?? "app",
    [...(options.nodeArgs ?? []), path.join(projectRoot, "scripts", "web-server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"],
    serverEnv(databaseUrl, port),
    port,
    "/api/health",
  );
}

/** Baseline (b): scripts/bench/baseline-server.ts. */
export function startBaselineServer(databaseUrl: string, port = BENCH_PORT + 1): Promise<RunningServer> {
  return launch(
    "baseline",
    ["--import", "tsx", path.join(projectRoot, "scripts/bench/baseline-server.ts")],
    serverEnv(databaseUrl, port),
    port,
    "/",
    "POST",
  );
}
