// `npm start` (production build) and `npm run dev` (`--dev`): brings up the database (DATABASE_URL,
// or an embedded PostgreSQL under EMBEDDED_PG_DIR), applies pending migrations, builds if needed and
// runs the web server (scripts/web-server.mjs: Next.js behind our own HTTP server). On Ctrl-C or SIGTERM the web server drains first, then the database stops.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import nextEnv from "@next/env";
import { ensureAuthSecret } from "@/lib/auth/bootstrap";
import { env, parseEnv } from "@/lib/env.mjs";
import { portIsFree } from "@/tooling/ports";
import { type DatabaseServer, describeDatabaseUrl, openDatabaseServer } from "@/tooling/postgres/database-server";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { ensureProductionBuild } from "./build";
import { seedDemoData } from "./seed";
import { reportStartupFailure } from "./startup-failure";

const dev = process.argv.includes("--dev");
// `npm start -- --demo` (or DEMO_DATA=true): an empty database gets realistic demo data first.
const demo = process.argv.includes("--demo") || process.env.DEMO_DATA === "true";
const say = (message: string) => console.log(`[start] ${message}`);

let database: DatabaseServer | undefined;
let web: ChildProcess | undefined;
let shuttingDown = false;

async function shutdown(signal: NodeJS.Signals | "web-exit", exitCode = 0): Promise<never> {
  if (shuttingDown) return new Promise(() => undefined);
  shuttingDown = true;
  if (web && web.exitCode === null && web.signalCode === null) {
    say(`${signal} received: letting in-flight requests finish…`);
    const exited = new Promise((resolve) => web?.once("exit", resolve));
    web.kill("SIGTERM");
    const timer = setTimeout(() => web?.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }
  if (database?.embedded) {
    say("Stopping the embedded PostgreSQL…");
    await database.stop();
  }
  process.exit(exitCode);
}

async function main() {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void shutdown(signal));

  nextEnv.loadEnvConfig(projectRoot, dev, { info: () => undefined, error: console.error });
  const early = parseEnv(process.env);
  const embeddedDir = early.DATABASE_URL ? undefined : path.resolve(projectRoot, early.EMBEDDED_PG_DIR);
  if (embeddedDir) await mkdir(embeddedDir, { recursive: true });
  // Before anything reads the settings: the secret may be generated for the embedded database.
  process.env.BETTER_AUTH_SECRET = await ensureAuthSecret({ configured: early.BETTER_AUTH_SECRET, embeddedDir });
  const settings = env();

  if (!(await portIsFree(settings.PORT, settings.HOST))) {
    throw new Error(`Port ${settings.PORT} on ${settings.HOST} is already in use. Set PORT to a free port, or stop whatever is using it.`);
  }

  say(
    settings.DATABASE_URL
      ? `Using the database at ${describeDatabaseUrl(settings.DATABASE_URL)}`
      : `Starting the embedded PostgreSQL in ${settings.EMBEDDED_PG_DIR} on port ${settings.EMBEDDED_PG_PORT}…`,
  );
  database = await openDatabaseServer(settings, {
    projectRoot,
    onLog: (line) => process.env.EMBEDDED_PG_LOG && console.log(`[postgres] ${line}`),
  });
  void database.exited.then((code) => {
    if (shuttingDown) return;
    console.error(`[start] The embedded PostgreSQL stopped unexpectedly (exit code ${code}).`);
    void shutdown("web-exit", 1);
  });

  say("Applying database migrations…");
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  const { ensureFirstAdmin } = await import("@/lib/auth/first-admin");
  await ensureFirstAdmin({ email: settings.ADMIN_EMAIL, password: settings.ADMIN_PASSWORD, embeddedDir, say });
  if (demo) await seedDemoData(database.url, { ifEmpty: true, log: say });

  if (!dev) await ensureProductionBuild(say);
  if (shuttingDown) return;

  const args = [path.join(projectRoot, "scripts", "web-server.mjs"), "--port", String(settings.PORT), "--hostname", settings.HOST];
  if (dev) args.push("--dev");
  web = spawn(process.execPath, args, {
    cwd: projectRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_ENV: dev ? "development" : "production",
    },
  });
  web.once("exit", (code, signal) => {
    if (shuttingDown) return;
    console.error(`[start] The web server exited (${signal ?? `code ${code}`}).`);
    void shutdown("web-exit", code ?? 1);
  });
  say(`Dashboard: http://${settings.HOST === "0.0.0.0" ? "localhost" : settings.HOST}:${settings.PORT}`);
}

main().catch(async (error: unknown) => {
  shuttingDown = true;
  reportStartupFailure(error);
  if (database?.embedded) await database.stop().catch(() => undefined);
  process.exit(1);
});
