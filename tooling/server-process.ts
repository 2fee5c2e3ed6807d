// Starting, watching and stopping a server process of ours (the app, `npm start`, the benchmark's
// baseline): the one helper the fault suite and the benchmark share. Output goes to a log file and
// is kept for error messages.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";

export interface ServerProcess {
  name: string;
  baseURL: string;
  process: ChildProcess;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far. */
  output: () => string;
  logFile: string;
}

export interface SpawnOptions {
  name: string;
  /** Node.js arguments: the script and its own arguments. */
  args: string[];
  env: Record<string, string>;
  port: number;
  logFile: string;
  /** The environment `env` is laid over: this process's (default), or only PATH and HOME. */
  inherit?: "all" | "path-and-home";
  /** Its own process group, so the whole group (e.g. a supervisor and its web server) can be killed at once. */
  detached?: boolean;
}

export function spawnServer(options: SpawnOptions): ServerProcess {
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const base: Record<string, string | undefined> =
    options.inherit === "path-and-home" ? { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } : process.env;
  const child = spawn(process.execPath, options.args, {
    cwd: projectRoot,
    detached: options.detached ?? false,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...base, ...options.env } as NodeJS.ProcessEnv,
  });
  let output = "";
  const capture = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    log.write(chunk);
  };
  child.stdout?.on("data", capture);
  child.stderr?.on("data", capture);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  void exited.then(() => log.end());
  return {
    name: options.name,
    baseURL: `http://127.0.0.1:${options.port}`,
    process: child,
    pid: child.pid ?? -1,
    exited,
    output: () => output,
    logFile: options.logFile,
  };
}

export function isRunning(server: ServerProcess): boolean {
  return server.process.exitCode === null && server.process.signalCode === null;
}

/** Waits until `ready()` is true; fails with the server's output if it exits first or takes too long. */
export async function waitUntilReady(server: ServerProcess, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(server)) throw new Error(`${server.name} exited before it was ready. Its output:\n${server.output().slice(-4_000)}`);
    if (await ready().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} was not ready within ${timeoutMs / 1000} s. Its output:\n${server.output().slice(-4_000)}`);
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves with how it exited. */
export async function stopServer(
  server: ServerProcess,
  timeoutMs = 15_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (!isRunning(server)) return server.exited;
  server.process.kill("SIGTERM");
  const timer = setTimeout(() => server.process.kill("SIGKILL"), timeoutMs);
  const result = await server.exited;
  clearTimeout(timer);
  return result;
}
