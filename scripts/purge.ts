// `npm run purge [-- --dry-run]`: removes data past its retention (RETENTION_*_DAYS). Quarantined
// deliveries nobody has resolved are never removed. Run it daily, e.g. from cron.
import nextEnv from "@next/env";
import { env } from "@/lib/env.mjs";
import { openDatabaseServer } from "@/tooling/postgres/database-server";
import { applyMigrations, projectRoot } from "@/tooling/prisma/prisma-cli";
import { reportStartupFailure } from "./startup-failure";

async function main() {
  const dryRun = process.argv.includes("--dry-run");
  nextEnv.loadEnvConfig(projectRoot, false, { info: () => undefined, error: console.error });
  process.env.LOG_LEVEL ??= "warn";
  const settings = env();
  const database = await openDatabaseServer(settings, { projectRoot });
  try {
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    const { purgeExpired } = await import("@/lib/retention/purge");
    const report = await purgeExpired(
      {
        deliveryDays: settings.RETENTION_DELIVERY_DAYS,
        timelineDays: settings.RETENTION_TIMELINE_DAYS,
        rejectionDays: settings.RETENTION_REJECTION_DAYS,
        auditDays: settings.RETENTION_AUDIT_DAYS,
      },
      { dryRun, actor: "cli:purge" },
    );
    const verb = dryRun ? "would remove" : "removed";
    console.log(`${dryRun ? "Dry run — nothing removed." : "Purge done."}`);
    console.log(`  raw deliveries received before ${report.cutoffs.deliveries}: ${verb} ${report.removed.deliveries}`);
    console.log(`  exchanges (with timelines) last updated before ${report.cutoffs.timelines}: ${verb} ${report.removed.exchanges}`);
    console.log(`  rejected requests received before ${report.cutoffs.rejections}: ${verb} ${report.removed.rejections}`);
    console.log(`  audit entries before ${report.cutoffs.auditLog}: ${verb} ${report.removed.auditEntries}`);
    if (!dryRun) console.log(`  expired sessions, login counters and refusal tallies: removed ${report.removed.housekeeping}`);
    console.log(`  unresolved quarantined deliveries older than the cutoff, kept: ${report.keptQuarantined}`);
  } finally {
    await database.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    reportStartupFailure(error);
    process.exit(1);
  },
);
