// What the figures were measured on, saved with them: a number means little without the machine.
import { execFileSync } from "node:child_process";
import os from "node:os";
import pg from "pg";
import { projectRoot } from "@/tooling/prisma/prisma-cli";

export interface MachineFacts {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  gitCommit: string;
  /** Uncommitted changes in the working tree when the run started. */
  gitDirty: boolean;
  /** 1-minute load average at the start: other work on the machine skews every figure. */
  loadAverageAtStart: number;
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { cwd: projectRoot, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

const SETTINGS = ["shared_buffers", "work_mem", "max_wal_size", "synchronous_commit", "max_connections", "wal_level"];

export async function machineFacts(databaseUrl: string): Promise<MachineFacts> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres = "unknown";
  const postgresSettings: Record<string, string> = {};
  try {
    postgres = (await client.query<{ version: string }>("SELECT version()")).rows[0]?.version ?? postgres;
    const rows = await client.query<{ name: string; setting: string }>(
      "SELECT name, current_setting(name) AS setting FROM pg_settings WHERE name = ANY($1)",
      [SETTINGS],
    );
    for (const row of rows.rows) postgresSettings[row.name] = row.setting;
  } finally {
    await client.end();
  }
  return {
    cores: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    postgres,
    postgresSettings,
    gitCommit: git(["rev-parse", "HEAD"]),
    gitDirty: git(["status", "--porcelain"]) !== "",
    loadAverageAtStart: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}
