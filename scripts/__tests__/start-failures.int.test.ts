// `npm start` failures a user can fix are one clear line, never a stack trace.
import { spawn } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { freePort } from "@/tooling/ports";

function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/start.ts"], {
      env: { ...process.env, ...env, NODE_ENV: "production" },
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

function expectOneClearMessage(output: string, message: string) {
  expect(output).toContain(`✖ ${message}`);
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
}

describe("npm start reports what the user can fix", () => {
  it("names an unreachable database", { timeout: 30_000 }, async () => {
    const result = await start({ DATABASE_URL: "postgresql://ops:secret@127.0.0.1:1/ops", PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expectOneClearMessage(result.output, "Cannot reach the database at 127.0.0.1:1/ops");
    expect(result.output).not.toContain("secret");
  });

  it("refuses to run on DATABASE_URL without a session secret of its own", async () => {
    const result = await start({
      DATABASE_URL: "postgresql://ops:secret@127.0.0.1:1/ops",
      BETTER_AUTH_SECRET: "",
      PORT: String(await freePort()),
    });
    expect(result.code).toBe(1);
    expectOneClearMessage(result.output, "BETTER_AUTH_SECRET is not set.");
  });

  it("names a malformed setting", async () => {
    const result = await start({ DATABASE_URL: "mysql://nope", PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expectOneClearMessage(result.output, "Invalid environment settings:");
    expect(result.output).toContain("DATABASE_URL: expected a PostgreSQL connection URL");
  });

  it("names a web port that is taken", async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, "127.0.0.1", resolve));
    try {
      const result = await start({ PORT: String(port), HOST: "127.0.0.1" });
      expect(result.code).toBe(1);
      expectOneClearMessage(result.output, `Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
