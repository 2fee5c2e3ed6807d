// `npm run db`: starts the app's database on its own (embedded unless DATABASE_URL is set), applies
// migrations and prints its connection URL, for psql or other tools. Ctrl-C stops it.
import nextEnv from "@next/env";
import { env } from "@/lib/env.mjs";
import { openDatabaseServer } from "@/tooling/postgres/database-server";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { reportStartupFailure } from "./startup-failure";

async function main() {
  nextEnv.loadEnvConfig(projectRoot, true, { info: () => undefined, error: console.error });
  const database = await openDatabaseServer(env(), { projectRoot });
  const stop = async () => {
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  await applyMigrations(database.url);
  console.log(`DATABASE_URL=${database.url}`);
  if (!database.embedded) process.exit(0);
  console.log("The embedded PostgreSQL is running; Ctrl-C stops it.");
  await database.exited;
}

main().catch((error: unknown) => {
  reportStartupFailure(error);
  process.exit(1);
});
