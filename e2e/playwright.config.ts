import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "@/tooling/testing/chromium";
import { e2eServer } from "./fixtures/server";

const projectRoot = path.resolve(import.meta.dirname, "..");

// Runs against the production build (`npm run build`, then `npm start`) on its own embedded
// PostgreSQL under .data/e2e, so it never touches the developer's data.
export default defineConfig({
  testDir: ".",
  // The fault suite has its own config (e2e/faults/playwright.config.ts): it starts and kills its own servers.
  testIgnore: ["faults/**"],
  outputDir: path.join(projectRoot, "test-results"),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ? [["list"], ["json"]] : [["list"]],
  use: {
    baseURL: e2eServer.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    {
      name: "chromium",
      testMatch: /\.spec\.ts$/,
      dependencies: ["setup"],
      use: {
        ...devices["Desktop Chrome"],
        viewport: { width: 1280, height: 800 },
        storageState: path.join(projectRoot, e2eServer.adminState),
      },
    },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/start.ts",
    cwd: projectRoot,
    url: `${e2eServer.baseURL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    // SIGTERM lets `npm start` drain and stop its embedded PostgreSQL (the default SIGKILL would orphan it).
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "ignore",
    stderr: "pipe",
    env: e2eServer.env,
  },
});
