import path from "node:path";
import { portIsFree } from "@/tooling/ports";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { spawnServer, stopServer, waitUntilReady } from "@/tooling/server-process";
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

async function launch(name: string, args: string[], env: Record<string, string>, port: number, readyPath: string, method = "GET") {
  // A server already on the port would answer the readiness check and be measured instead of ours.
  if (!(await portIsFree(port))) throw new Error(`Port ${port} is in use: stop whatever listens there, or it would be measured instead.`);
  const server = spawnServer({
    name,
    args,
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    port,
    logFile: path.join(LOG_DIR, `${name}.log`),
    inherit: "path-and-home",
  });
  try {
    await waitUntilReady(server, async () => (await fetch(`${server.baseURL}${readyPath}`, { method })).status < 500, 90_000);
  } catch (error) {
    await stopServer(server);
    throw error;
  }
  return { name, baseUrl: server.baseURL, pid: server.pid, logFile: server.logFile, stop: async () => void (await stopServer(server)) };
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
  options: { port?: number; nodeArgs?: string[]; name?: string; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = options.port ?? BENCH_PORT;
  return launch(
    options.name ?? "app",
    [...(options.nodeArgs ?? []), path.join(projectRoot, "scripts", "web-server.mjs"), "--port", String(port), "--hostname", "127.0.0.1"],
    { ...serverEnv(databaseUrl, port), ...options.env },
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
