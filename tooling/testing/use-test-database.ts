// Runs before each integration test file: gives it a database of its own, cloned from the
// migrated template, so files are independent and can run in parallel.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { testSecrets } from "./webhook-requests";

const adminUrl = inject("postgresAdminUrl");
const template = inject("templateDatabase");
const database = `app_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE ${database} TEMPLATE ${template}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${database}`;
process.env.DATABASE_URL = url.toString();
process.env.CRM_WEBHOOK_SECRET ??= testSecrets.crm;
process.env.BANKING_WEBHOOK_SECRET ??= testSecrets.banking;
process.env.LOG_LEVEL ??= "silent";
process.env.BETTER_AUTH_SECRET ??= "test-only-session-secret-0123456789abcdef";

afterAll(async () => {
  const globalForPrisma = globalThis as { prisma?: { $disconnect(): Promise<void> } };
  await globalForPrisma.prisma?.$disconnect();
  const cleanup = new pg.Client({ connectionString: adminUrl });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await cleanup.end();
});
