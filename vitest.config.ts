import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Unit tests (`*.test.ts`) need nothing; integration tests (`*.int.test.ts`) each get their own
// database, cloned from a migrated template on a real PostgreSQL started once per run.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Server modules import "server-only", which throws outside React's server environment.
      { find: "server-only", replacement: path.join(root, "tooling/testing/server-only-stub.ts") },
    ],
  },
  test: {
    pool: "forks",
    // `npm test` runs with --coverage; the per-folder table is printed in its summary.
    coverage: {
      provider: "v8",
      include: [
        "app/**/*.{ts,tsx}",
        "components/**/*.{ts,tsx}",
        "lib/**/*.{ts,tsx,mjs}",
        "scripts/**/*.{ts,mjs}",
        "tooling/**/*.{ts,mjs}",
        "proxy.ts",
      ],
      exclude: ["**/__tests__/**", "**/*.test.ts", "lib/db/generated/**", "scripts/bench/**"],
      reporter: ["json-summary", "json", "text-summary"],
      reportsDirectory: "test-results/coverage",
    },
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{app,components,lib,scripts,tooling}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{app,components,lib,scripts,tooling}/**/*.int.test.ts"],
          globalSetup: ["tooling/testing/postgres-global-setup.ts"],
          setupFiles: ["tooling/testing/use-test-database.ts"],
        },
      },
    ],
  },
});
