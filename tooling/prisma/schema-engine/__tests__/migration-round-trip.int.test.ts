// The offline Prisma CLI, end to end: the standard `prisma` commands driving our wasm-backed
// schema engine against real PostgreSQL. A Prisma upgrade that changes the engine protocol fails here.
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { projectRoot, runPrismaCli } from "@/tooling/prisma/prisma-cli";

const adminUrl = inject("postgresAdminUrl");
const suffix = Math.random().toString(36).slice(2, 8);
const devDatabase = `roundtrip_dev_${suffix}`;
const deployDatabase = `roundtrip_deploy_${suffix}`;
let workDir = "";

function urlFor(database: string) {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const schemaV1 = `
generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

enum Stage {
  challenge
  live
}

model Account {
  id    Int    @id @default(autoincrement())
  email String @unique
  stage Stage
}
`;

const schemaV2 = schemaV1.replace(
  "  stage Stage\n}",
  "  stage Stage\n  note  String?\n  posts Post[]\n}\n\nmodel Post {\n  id        Int     @id\n  accountId Int\n  account   Account @relation(fields: [accountId], references: [id])\n}",
);

async function cli(args: string[], database: string) {
  return runPrismaCli([...args, "--config", path.join(workDir, "prisma.config.ts")], { cwd: workDir, databaseUrl: urlFor(database) });
}

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "prisma-roundtrip-"));
  await writeFile(path.join(workDir, "schema.prisma"), schemaV1);
  await writeFile(
    path.join(workDir, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
export default defineConfig({
  schema: "schema.prisma",
  migrations: { path: "migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
`,
  );
  // The config imports "prisma/config", resolved from the project's node_modules.
  await writeFile(path.join(workDir, "package.json"), JSON.stringify({ type: "module" }));
  await import("node:fs/promises").then((fs) => fs.symlink(path.join(projectRoot, "node_modules"), path.join(workDir, "node_modules")));
  await admin(async (client) => {
    await client.query(`CREATE DATABASE ${devDatabase}`);
    await client.query(`CREATE DATABASE ${deployDatabase}`);
  });
});

afterAll(async () => {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${devDatabase} WITH (FORCE)`);
    await client.query(`DROP DATABASE IF EXISTS ${deployDatabase} WITH (FORCE)`);
  });
  await rm(workDir, { recursive: true, force: true });
});

describe("the Prisma CLI through the wasm schema engine bridge", () => {
  it("creates, applies, deploys and verifies migrations as documented by Prisma", { timeout: 180_000 }, async () => {
    const version = await runPrismaCli(["--version"]);
    expect(version.code, version.output).toBe(0);

    const init = await cli(["migrate", "dev", "--name", "init"], devDatabase);
    expect(init.code, init.output).toBe(0);

    // A schema change, created as a draft (--create-only) and then applied: the path that needs
    // the bridge to refill the engine's migration-history cache.
    await writeFile(path.join(workDir, "schema.prisma"), schemaV2);
    const draft = await cli(["migrate", "dev", "--name", "add_posts", "--create-only"], devDatabase);
    expect(draft.code, draft.output).toBe(0);
    // A hand-edited draft with a function whose body holds semicolons (dollar-quoted).
    const draftDir = (await readdir(path.join(workDir, "migrations"))).find((name) => name.endsWith("_add_posts")) ?? "";
    const draftFile = path.join(workDir, "migrations", draftDir, "migration.sql");
    await writeFile(
      draftFile,
      `${await readFile(draftFile, "utf8")}\nCREATE FUNCTION default_note() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.note := coalesce(NEW.note, 'none');\n  RETURN NEW;\nEND;\n$$;\n`,
    );
    const applyDraft = await cli(["migrate", "dev"], devDatabase);
    expect(applyDraft.code, applyDraft.output).toBe(0);

    const migrations = (await readdir(path.join(workDir, "migrations"))).filter((name) => name !== "migration_lock.toml").sort();
    expect(migrations).toHaveLength(2);
    expect(migrations[0]).toMatch(/^\d{14}_init$/);
    expect(migrations[1]).toMatch(/^\d{14}_add_posts$/);
    const second = await readFile(path.join(workDir, "migrations", migrations[1] ?? "", "migration.sql"), "utf8");
    expect(second).toContain('CREATE TABLE "Post"');
    expect(second).toContain('ADD COLUMN     "note" TEXT');

    const deploy = await cli(["migrate", "deploy"], deployDatabase);
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toContain("All migrations have been successfully applied.");

    const functions = await admin(async () => {
      const client = new pg.Client({ connectionString: urlFor(deployDatabase) });
      await client.connect();
      try {
        return (await client.query("SELECT proname FROM pg_proc WHERE proname = 'default_note'")).rows;
      } finally {
        await client.end();
      }
    });
    expect(functions).toEqual([{ proname: "default_note" }]);

    const status = await cli(["migrate", "status"], deployDatabase);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");

    const diff = await cli(["migrate", "diff", "--from-config-datasource", "--to-schema", "schema.prisma", "--exit-code"], deployDatabase);
    expect(diff.code, diff.output).toBe(0);

    // Introspection reads catalog columns of PostgreSQL's internal "char" type (enums here).
    const pull = await cli(["db", "pull", "--print"], deployDatabase);
    expect(pull.code, pull.output).toBe(0);
    expect(pull.output).toContain("enum Stage");
    expect(pull.output).toContain("model Post");

    // Every shadow database was dropped again.
    const leftovers = await admin((client) =>
      client.query("SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'"),
    );
    expect(leftovers.rows).toEqual([]);
  });

  it("reports a database that cannot be reached with Prisma's own error code", async () => {
    const result = await runPrismaCli(["migrate", "status"], { databaseUrl: "postgresql://nobody:nothing@127.0.0.1:1/none" });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("P1001");
  });

  it("finds a drifted database with a non-empty diff", async () => {
    const drifted = await cli(["migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--exit-code"], deployDatabase);
    expect(drifted.code).toBe(2);
  });
});

describe("the project's own migrations", () => {
  it("produce exactly the schema in prisma/schema.prisma", async () => {
    const result = await runPrismaCli(
      ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"],
      { databaseUrl: process.env.DATABASE_URL },
    );
    expect(result.code, result.output).toBe(0);
  });
});
