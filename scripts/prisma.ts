// `npm run prisma -- <command>`: the standard Prisma CLI against the app's database. Without
// DATABASE_URL the embedded PostgreSQL is started for the duration of the command.
import nextEnv from "@next/env";
import { env } from "@/lib/env.mjs";
import { openDatabaseServer } from "@/tooling/postgres/database-server";
import { projectRoot, runPrismaCli } from "@/tooling/prisma/prisma-cli";
import { reportStartupFailure } from "./startup-failure";

const needsNoDatabase = new Set(["generate", "format", "validate", "version", "--version", "-v", "help", "--help", "-h"]);

async function main(): Promise<number> {
  nextEnv.loadEnvConfig(projectRoot, true, { info: () => undefined, error: console.error });
  const args = process.argv.slice(2);
  if (args.length === 0 || needsNoDatabase.has(args[0] ?? "")) return (await runPrismaCli(args, { inherit: true })).code;
  const database = await openDatabaseServer(env(), { projectRoot });
  try {
    return (await runPrismaCli(args, { databaseUrl: database.url, inherit: true })).code;
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    reportStartupFailure(error);
    process.exit(1);
  },
);
