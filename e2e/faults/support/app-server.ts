// Starts the production app the way it runs for real, so a spec can kill it: either the
// supervisor (`scripts/start.ts`: embedded PostgreSQL, migrations, the web server) or the web server
// alone against a PostgreSQL the test manages. Output goes to a log file under test-results.
import { readFileSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { isRunning, type ServerProcess, spawnServer, waitUntilReady } from "@/tooling/server-process";
import { testSecrets } from "@/tooling/testing/webhook-requests";

export { isRunning };

import { httpRequest } from "./http";
import { freePortAmong } from "./slots";

const logDir = path.join(projectRoot, "test-results", "faults", "server-logs");

/** The process a spec spawned (the supervisor, or the web server itself). */
export interface AppServer extends ServerProcess {
  /** A supervisor's embedded PostgreSQL port. */
  pgPort?: number;
}

export interface SupervisorOptions {
  name: string;
  port: number;
  pgPort: number;
  dataDir: string;
  env?: Record<string, string>;
}

/** Signs the sessions of the servers the fault suite starts. */
export const FAULTS_SESSION_SECRET = "faults-only-session-secret-0123456789abcdef";

const appEnv = (port: number): Record<string, string> => ({
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(port),
  HOST: "127.0.0.1",
  CRM_WEBHOOK_SECRET: testSecrets.crm,
  BANKING_WEBHOOK_SECRET: testSecrets.banking,
  LOG_LEVEL: "warn",
  // Needed with DATABASE_URL (next start alone); the supervisor would generate one for its embedded database.
  BETTER_AUTH_SECRET: FAULTS_SESSION_SECRET,
  LOGIN_MAX_ATTEMPTS_PER_IP: "10000",
});

let started = 0;

function launch(name: string, args: string[], env: Record<string, string>, port: number): AppServer {
  started += 1;
  // Its own process group, so a spec can SIGKILL the supervisor together with the web server.
  return spawnServer({ name, args, env, port, logFile: path.join(logDir, `${name}-${process.pid}-${started}.log`), detached: true });
}

/** `node --conditions=react-server --import tsx scripts/start.ts` (as `npm start`) with its embedded PostgreSQL under `dataDir`. */
export function launchSupervisor(options: SupervisorOptions): AppServer {
  const server = launch(
    options.name,
    ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"],
    { ...appEnv(options.port), EMBEDDED_PG_DIR: options.dataDir, EMBEDDED_PG_PORT: String(options.pgPort), ...options.env },
    options.port,
  );
  return { ...server, pgPort: options.pgPort };
}

/** The web server alone (scripts/web-server.mjs, what `npm start` runs), on the production build, against `databaseUrl`. */
function launchNextServer(options: { name: string; port: number; databaseUrl: string; env?: Record<string, string> }) {
  return launch(
    options.name,
    [path.join(projectRoot, "scripts", "web-server.mjs"), "--port", String(options.port), "--hostname", "127.0.0.1"],
    { ...appEnv(options.port), DATABASE_URL: options.databaseUrl, ...options.env },
    options.port,
  );
}

/** Waits until /api/health answers 200; fails with the server's output if it exits first. */
export function waitUntilHealthy(server: AppServer, timeoutMs = 240_000): Promise<void> {
  return waitUntilReady(
    server,
    async () => {
      const health = await httpRequest(server.baseURL, { method: "GET", path: "/api/health", timeoutMs: 5_000 });
      return health.kind === "answered" && health.status === 200;
    },
    timeoutMs,
  );
}

/**
 * Launches a supervisor and waits until it is healthy. Its PostgreSQL port lies in the ephemeral
 * range (see freePortAmong): if a client connection holds it just then, the start fails with
 * "already in use" and is tried again on another free port of `fallbackPorts`.
 */
export async function startSupervisor(options: SupervisorOptions, fallbackPorts: readonly number[]): Promise<AppServer> {
  let server = launchSupervisor(options);
  for (let attempt = 1; ; attempt++) {
    try {
      await waitUntilHealthy(server);
      return server;
    } catch (error) {
      const portTaken = !isRunning(server) && /Port \d+ is already in use, so the embedded PostgreSQL/.test(server.output());
      if (!portTaken || attempt === 3) throw error;
      server = launchSupervisor({ ...options, pgPort: await freePortAmong(fallbackPorts) });
    }
  }
}

export async function startNextServer(options: Parameters<typeof launchNextServer>[0]): Promise<AppServer> {
  const server = launchNextServer(options);
  await waitUntilHealthy(server);
  return server;
}

/** SIGTERM (the supervisor drains the web server, then stops its database) and wait for the exit. */
export async function stopGracefully(
  server: AppServer,
  timeoutMs = 90_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!isRunning(server)) return server.exited;
  server.process.kill("SIGTERM");
  const timer = setTimeout(() => killGroup(server, "SIGKILL"), timeoutMs);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}

/** A signal to the whole process group: the supervisor and the web server, not the detached PostgreSQL. */
export function killGroup(server: AppServer, signal: NodeJS.Signals): void {
  try {
    process.kill(-server.pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ");
  } catch {
    return "";
  }
}

// The web server names its process "webhook-ops-web".
const isNextServer = (pid: number) => /^webhook-ops-web\b|scripts\/web-server\.mjs/.test(commandLine(pid));

/** The pid of the web server under a supervisor (or the server's own pid when it is the web server). */
export function webServerPid(server: AppServer): number {
  if (isNextServer(server.pid)) return server.pid;
  const web = childPids(server.pid).find(isNextServer);
  if (web === undefined) throw new Error(`No \`next start\` process under pid ${server.pid}`);
  return web;
}

/** Resident memory of a process and its descendants, from /proc/<pid>/status (VmRSS). */
export function residentBytes(pid: number): number {
  let total = 0;
  const pending = [pid];
  while (pending.length > 0) {
    const current = pending.pop() as number;
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${current}/status`, "utf8"));
      total += Number(match?.[1] ?? 0) * 1024;
    } catch {
      continue;
    }
    pending.push(...childPids(current));
  }
  return total;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
