// A staff session for browsing the dashboard while a spec loads the intake: the account is made
// with the users CLI against the spec's database, then logged in over HTTP like a browser.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { projectRoot } from "@/tooling/prisma/prisma-cli";
import { httpRequest } from "./http";

const run = promisify(execFile);

/** The `Cookie` header value of a fresh viewer session on the app at `baseURL`. */
export async function viewerSession(baseURL: string, databaseUrl: string, secret: string): Promise<string> {
  const email = `soak-${Date.now()}@example.com`;
  const { stdout } = await run(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/users.ts", "create", "--email", email, "--role", "viewer"],
    {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: secret },
    },
  );
  const password = /Password: (\S+)/.exec(stdout)?.[1];
  if (!password) throw new Error(`users create printed no password:\n${stdout}`);
  const login = await httpRequest(baseURL, {
    method: "POST",
    path: "/api/auth/sign-in/email",
    headers: { "content-type": "application/json", origin: baseURL },
    body: JSON.stringify({ email, password }),
    timeoutMs: 60_000,
  });
  if (login.kind !== "answered" || login.status !== 200) throw new Error(`login failed: ${JSON.stringify(login).slice(0, 500)}`);
  const cookies = ([] as string[]).concat(login.headers["set-cookie"] ?? []);
  return cookies.map((cookie) => cookie.split(";")[0]).join("; ");
}
