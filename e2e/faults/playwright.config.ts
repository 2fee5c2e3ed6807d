import path from "node:path";
import { defineConfig } from "@playwright/test";
import { faultsProfile } from "./support/profile";

const projectRoot = path.resolve(import.meta.dirname, "../..");

// Fault injection and hostile input against the production build on real PostgreSQL, all on
// loopback. No `webServer`: every spec starts, kills and restarts its own servers (support/).
// FAULTS_PROFILE=short (default, part of `npm test`) or long (`npm run test:faults`).
export default defineConfig({
  testDir: ".",
  outputDir: path.join(projectRoot, "test-results", "faults"),
  globalSetup: "./support/global-setup.ts",
  globalTeardown: "./support/global-teardown.ts",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: faultsProfile.testTimeoutMs,
  globalTimeout: faultsProfile.globalTimeoutMs,
  expect: { timeout: 30_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["list"], ["json"]] : [["list"]],
  projects: [
    // The soak is the longest spec: listed first so it starts at once and the others run beside it.
    { name: "soak", testMatch: "soak.spec.ts" },
    { name: "faults", testIgnore: "soak.spec.ts" },
  ],
});
