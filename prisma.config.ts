import path from "node:path";
import { defineConfig } from "prisma/config";

// The Prisma CLI cannot download its native schema engine on an offline machine; the project
// ships an engine backed by Prisma's own WebAssembly build instead (tooling/prisma/schema-engine).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "tooling/prisma/schema-engine/schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL ?? "",
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
