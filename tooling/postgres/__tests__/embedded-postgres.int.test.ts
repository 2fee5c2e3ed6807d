// The embedded PostgreSQL behind `npm start`: first start, reuse of the data, and the failures a
// user meets (port taken, leftovers of a crashed run) reported as one clear message.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@/tooling/ports";
import { EmbeddedPostgresError, startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";

let dir = "";

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "embedded-pg-test-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("initialises a data folder, and a second start reuses its data", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port });
    await query(first.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres({ dir, port });
    try {
      const result = await query(second.url, "SELECT value FROM kept");
      expect(result.rows).toEqual([{ value: "still here" }]);
      expect(second.url).toBe(first.url);
    } finally {
      await second.stop();
    }
  });

  it("refuses a port that is already in use with a clear message", async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const attempt = startEmbeddedPostgres({ dir, port });
      await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
      await expect(attempt).rejects.toThrow(`Port ${port} is already in use`);
    } finally {
      blocker.close();
    }
  });

  it("starts over a stale postmaster.pid left by a crashed run", { timeout: 60_000 }, async () => {
    // A pid that belongs to no PostgreSQL: this test process's parent is not a postmaster.
    await writeFile(path.join(dir, "pgdata", "postmaster.pid"), `${process.ppid}\n${path.join(dir, "pgdata")}\n`);
    const server = await startEmbeddedPostgres({ dir, port: await freePort() });
    try {
      const result = await query(server.url, "SELECT count(*)::int AS n FROM kept");
      expect(result.rows[0]).toEqual({ n: 1 });
    } finally {
      await server.stop();
    }
  });

  it("stops a PostgreSQL orphaned by a killed supervisor and starts again", { timeout: 60_000 }, async () => {
    const port = await freePort();
    // A supervisor that starts the database and is then killed with SIGKILL, leaving it running.
    const script = `
      import { startEmbeddedPostgres } from "./tooling/postgres/embedded-postgres.ts";
      const server = await startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, port: ${port} });
      console.log("READY " + server.pid);
      setInterval(() => {}, 1000);
    `;
    const supervisor = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: process.cwd() });
    const orphanPid = await new Promise<number>((resolve, reject) => {
      supervisor.stdout.on("data", (chunk: Buffer) => {
        const match = /READY (\d+)/.exec(chunk.toString());
        if (match) resolve(Number(match[1]));
      });
      supervisor.once("exit", (code) => reject(new Error(`supervisor exited early (${code})`)));
    });
    supervisor.kill("SIGKILL");
    expect(() => process.kill(orphanPid, 0)).not.toThrow();

    const server = await startEmbeddedPostgres({ dir, port });
    try {
      expect(server.pid).not.toBe(orphanPid);
      expect(() => process.kill(orphanPid, 0)).toThrow();
      const result = await query(server.url, "SELECT count(*)::int AS n FROM kept");
      expect(result.rows[0]).toEqual({ n: 1 });
    } finally {
      await server.stop();
    }
  });
});
