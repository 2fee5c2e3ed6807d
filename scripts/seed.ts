// `npm run seed`: fills the database with realistic demo data through the real intake code (the
// same decide-and-store path a verified webhook takes). Deterministic: running it again only adds
// duplicates, which the intake recognises. `--if-empty` seeds only a database without deliveries.
import nextEnv from "@next/env";
import { env } from "@/lib/env.mjs";
import { openDatabaseServer } from "@/tooling/postgres/database-server";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { reportStartupFailure } from "./startup-failure";

export async function seedDemoData(databaseUrl: string, options: { ifEmpty?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const say = options.log ?? console.log;
  process.env.DATABASE_URL = databaseUrl;
  const [{ db }, { ingestDelivery }, { demoDeliveries }, { log }] = await Promise.all([
    import("@/lib/db/client"),
    import("@/lib/ingest/ingest-delivery"),
    import("@/tooling/demo/demo-deliveries"),
    import("@/lib/log"),
  ]);
  // One log line per delivery is right for live traffic, noise for thousands of demo deliveries.
  const level = log.level;
  log.level = "warn";
  if (options.ifEmpty && (await db().delivery.count()) > 0) {
    say("The database already holds deliveries; demo data not added.");
    return;
  }
  const deliveries = demoDeliveries();
  say(`Seeding ${deliveries.length} demo deliveries through the intake…`);
  const outcomes: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++];
      if (!delivery) break;
      const result = await ingestDelivery({
        sender: delivery.sender,
        rawBody: Buffer.from(delivery.body),
        headers: { "content-type": "application/json", "user-agent": "webhook-ops demo seed" },
        signatureForm: "demo seed (not signed)",
        receivedAt: delivery.receivedAt,
      });
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker)).finally(() => {
    log.level = level;
  });
  say(
    `Done: ${Object.entries(outcomes)
      .map(([outcome, count]) => `${count} ${outcome}`)
      .join(", ")}.`,
  );
}

async function main() {
  nextEnv.loadEnvConfig(projectRoot, true, { info: () => undefined, error: console.error });
  const database = await openDatabaseServer(env(), { projectRoot });
  try {
    await applyMigrations(database.url);
    await seedDemoData(database.url, { ifEmpty: process.argv.includes("--if-empty") });
  } finally {
    await database.stop();
  }
}

if (process.argv[1] === import.meta.filename) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      reportStartupFailure(error);
      process.exit(1);
    },
  );
}
