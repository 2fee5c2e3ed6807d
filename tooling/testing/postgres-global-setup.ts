// Starts one real PostgreSQL (the embedded one, or TEST_DATABASE_URL's server) for the whole
// integration run and migrates a template database that each test file clones.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { freePort } from "@/tooling/ports";
import { startEmbeddedPostgres } from "@/tooling/postgres/embedded-postgres";
import { applyMigrations } from "@/tooling/prisma/prisma-cli";

export const TEMPLATE_DATABASE = "app_test_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresAdminUrl: string;
    templateDatabase: string;
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stop: () => Promise<void> = async () => undefined;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), "webhook-ops-test-pg-"));
    const server = await startEmbeddedPostgres({ dir, port: await freePort() });
    adminUrl = server.url;
    stop = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.end();
  await applyMigrations(withDatabase(adminUrl, TEMPLATE_DATABASE));

  project.provide("postgresAdminUrl", adminUrl);
  project.provide("templateDatabase", TEMPLATE_DATABASE);
  return stop;
}
