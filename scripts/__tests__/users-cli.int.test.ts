// `npm run users` against the embedded PostgreSQL, with its folder given as an absolute path (it
// once joined the project root in front of it and failed).
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "@/tooling/ports";

function users(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/users.ts", ...args], {
      env: { ...process.env, DATABASE_URL: "", BETTER_AUTH_SECRET: "", LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => resolve({ code, output }));
  });
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("npm run users", () => {
  it("creates and lists accounts in an embedded database at an absolute path", { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "users-cli-"));
    dirs.push(dir);
    // Run as root (CI), the embedded PostgreSQL is another user, who must be able to enter it.
    await chmod(dir, 0o755);
    const env = { EMBEDDED_PG_DIR: path.join(dir, "pg"), EMBEDDED_PG_PORT: String(await freePort()) };
    const created = await users(["create", "--email", "cli-absolute@example.com", "--role", "viewer"], env);
    expect(created.output).toContain("Created cli-absolute@example.com (viewer). Password: ");
    expect(created.code).toBe(0);
    const listed = await users(["list"], env);
    expect(listed.code).toBe(0);
    expect(listed.output).toContain("cli-absolute@example.com");
    // The session secret was kept in that folder, not somewhere under the project.
    expect((await readFile(path.join(dir, "pg", "auth-secret"), "utf8").catch(() => "")).length).toBeGreaterThan(0);
  });
});
