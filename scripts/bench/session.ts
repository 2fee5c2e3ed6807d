// A logged-in staff session for the sections that read the dashboard (lists, exports, pages): the
// benchmark's own admin account, created or reset in the benchmark database, signed in through the
// app's real login endpoint. The cookie goes into every request, as a browser's would.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { BENCH_AUTH_SECRET, type RunningServer } from "./servers";

export const BENCH_EMAIL = "bench@bench.local";

export interface BenchSession {
  /** `Cookie` header value. */
  cookie: string;
  /** The same cookies, for a browser context. */
  cookies: { name: string; value: string }[];
}

function ensureAccount(databaseUrl: string, password: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=react-server", path.join(projectRoot, "scripts/bench/bench-account.ts")],
      {
        cwd: projectRoot,
        stdio: ["ignore", "ignore", "pipe"],
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DATABASE_URL: databaseUrl,
          BETTER_AUTH_SECRET: BENCH_AUTH_SECRET,
          BENCH_EMAIL,
          BENCH_PASSWORD: password,
          LOG_LEVEL: "warn",
          NODE_ENV: "production",
        },
      },
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`Creating the benchmark account failed:\n${stderr}`))));
  });
}

let session: Promise<BenchSession> | undefined;

/** Signs in once per run; later calls share the session. */
export function benchSession(databaseUrl: string, app: RunningServer): Promise<BenchSession> {
  session ??= (async () => {
    const password = randomBytes(18).toString("base64url");
    await ensureAccount(databaseUrl, password);
    const response = await fetch(`${app.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.baseUrl },
      body: JSON.stringify({ email: BENCH_EMAIL, password }),
    });
    if (!response.ok) throw new Error(`Signing in to the app failed: ${response.status} ${await response.text()}`);
    const cookies = response.headers.getSetCookie().map((line) => {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      return { name: pair.slice(0, at), value: pair.slice(at + 1) };
    });
    if (cookies.length === 0) throw new Error("Signing in returned no session cookie.");
    return { cookie: cookies.map(({ name, value }) => `${name}=${value}`).join("; "), cookies };
  })();
  return session;
}
