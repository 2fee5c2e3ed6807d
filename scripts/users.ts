// `npm run users -- <command>`: manage staff accounts from the server's shell (the database is the
// app's: DATABASE_URL, or the embedded one). `npm run user:create -- --email … --role …` is a shortcut.
//
//   list
//   create   --email <e-mail> --role viewer|admin [--name <name>] [--prompt]   (password generated unless --prompt)
//   role     --email <e-mail> --role viewer|admin
//   disable  --email <e-mail>
//   enable   --email <e-mail>
//   password --email <e-mail> [--prompt]                                         (new password generated unless --prompt)
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import nextEnv from "@next/env";
import { ensureAuthSecret } from "@/lib/auth/bootstrap";
import { env, parseEnv } from "@/lib/env.mjs";
import { openDatabaseServer } from "@/tooling/postgres/database-server";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { reportStartupFailure } from "./startup-failure";

class UsageError extends Error {}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const input = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (input as unknown as { _writeToOutput: (text: string) => void })._writeToOutput.bind(input);
    (input as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) =>
      write(text.startsWith(question) ? text : "");
    input.question(question, (answer) => {
      input.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function main(): Promise<number> {
  const [command = "list", ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, prompt: { type: "boolean" } },
  });
  const role = values.role === undefined ? undefined : values.role === "admin" || values.role === "viewer" ? values.role : null;
  if (role === null) throw new UsageError("--role must be viewer or admin");
  const needsEmail = command !== "list";
  if (needsEmail && !values.email) throw new UsageError(`${command} needs --email`);

  nextEnv.loadEnvConfig(projectRoot, true, { info: () => undefined, error: console.error });
  process.env.LOG_LEVEL ??= "warn";
  const early = parseEnv(process.env);
  // EMBEDDED_PG_DIR may be relative to the project or absolute.
  const embeddedDir = early.DATABASE_URL ? undefined : path.resolve(projectRoot, early.EMBEDDED_PG_DIR);
  if (embeddedDir) await mkdir(embeddedDir, { recursive: true });
  process.env.BETTER_AUTH_SECRET = await ensureAuthSecret({ configured: early.BETTER_AUTH_SECRET, embeddedDir });
  const database = await openDatabaseServer(env(), { projectRoot });
  try {
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    const accounts = await import("@/lib/auth/staff-accounts");
    const { systemActor } = await import("@/lib/auth/staff-session");
    const actor = systemActor(`cli:${os.userInfo().username}`);
    const password = values.prompt ? await promptHidden("Password (at least 12 characters): ") : undefined;
    const account = values.email ? await accounts.findStaffAccountByEmail(actor, values.email) : null;
    if (needsEmail && command !== "create" && !account) throw new UsageError(`No account for ${values.email}.`);
    const id = account?.id ?? "";
    switch (command) {
      case "list":
        for (const user of await accounts.listStaffAccounts(actor)) {
          console.log(
            `${user.email.padEnd(36)} ${user.role.padEnd(7)} ${user.disabled ? "disabled" : "active  "} sessions: ${user.activeSessions}`,
          );
        }
        break;
      case "create": {
        const created = await accounts.createStaffAccount(actor, {
          email: values.email ?? "",
          role: role ?? "viewer",
          name: values.name,
          password,
        });
        console.log(`Created ${values.email} (${role ?? "viewer"}).${password ? "" : ` Password: ${created.password}`}`);
        break;
      }
      case "role":
        if (!role) throw new UsageError("role needs --role viewer|admin");
        await accounts.setStaffRole(actor, id, role);
        console.log(`${values.email} is now ${role}.`);
        break;
      case "disable":
        await accounts.disableStaffAccount(actor, id);
        console.log(`${values.email} is disabled and logged out.`);
        break;
      case "enable":
        await accounts.enableStaffAccount(actor, id);
        console.log(`${values.email} can log in again.`);
        break;
      case "password": {
        const set = await accounts.resetStaffPassword(actor, id, password);
        console.log(`New password set for ${values.email}; their sessions ended.${password ? "" : ` Password: ${set}`}`);
        break;
      }
      default:
        throw new UsageError(`Unknown command ${command}. Commands: list, create, role, disable, enable, password.`);
    }
    return 0;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    if (error instanceof UsageError || (error instanceof Error && error.name === "StaffAccountError")) console.error(`✖ ${error.message}`);
    else reportStartupFailure(error);
    process.exit(1);
  },
);
