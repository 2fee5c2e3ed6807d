// How the e2e suite and the benchmark launch Chromium: Debian's build by default (Playwright's own
// browser download is not available offline), or CHROMIUM_PATH.
import { existsSync } from "node:fs";

export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};
