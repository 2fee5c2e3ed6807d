// Section "pages": every dashboard page in a real Chromium (the one the e2e tests use) on the data
// set, logged in. Per page: the first visit in a fresh browser context (nothing cached: the
// JavaScript it loads is the route's first-load JS, measured gzip-compressed), then warm reloads
// for time to first byte and full load (the streamed page's last byte and its load event). The
// baseline is the login page in the same run: a page with no data behind it.
import { gzipSync } from "node:zlib";
import { type Browser, chromium, type Page } from "@playwright/test";
import pg from "pg";
import { chromiumLaunchOptions } from "@/tooling/testing/chromium";
import type { BenchContext, BenchSection, SectionReport, TargetVerdict } from "./sections";
import { benchSession } from "./session";

const TARGET_FIRST_LOAD_JS_KB = 250;

function launchChromium(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions);
}

interface PageCase {
  name: string;
  path: string;
  loggedIn: boolean;
}

interface PageTiming {
  name: string;
  path: string;
  status: number;
  coldLoadMs: number;
  ttfbMs: number;
  loadMs: number;
  jsFiles: number;
  jsGzipKb: number;
  jsRawKb: number;
}

async function choosePages(url: string): Promise<PageCase[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string) => String(Object.values((await client.query(sql)).rows[0] ?? {})[0]);
    const rejected = await one("SELECT id FROM prop_trading_request ORDER BY request_time DESC LIMIT 1");
    const exchange = await one("SELECT exchange_id FROM exchange WHERE status_changes >= 5 ORDER BY last_update_at DESC LIMIT 1");
    const delivery = await one("SELECT id FROM delivery ORDER BY id DESC LIMIT 1");
    return [
      { name: "baseline: login page", path: "/login", loggedIn: false },
      { name: "overview", path: "/", loggedIn: true },
      { name: "rejected prop-trading", path: "/prop-trading/rejected", loggedIn: true },
      { name: "rejected request detail", path: `/prop-trading/rejected/${rejected}`, loggedIn: true },
      { name: "exchanges", path: "/exchanges", loggedIn: true },
      { name: "exchange timeline", path: `/exchanges/${exchange}`, loggedIn: true },
      { name: "deliveries", path: "/deliveries", loggedIn: true },
      { name: "delivery detail", path: `/deliveries/${delivery}`, loggedIn: true },
      { name: "admin: users", path: "/admin/users", loggedIn: true },
      { name: "admin: audit log", path: "/admin/audit", loggedIn: true },
    ];
  } finally {
    await client.end();
  }
}

async function navigationTiming(page: Page): Promise<{ ttfb: number; load: number }> {
  await page.waitForFunction(
    () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.loadEventEnd,
  );
  return page.evaluate(() => {
    const entry = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return { ttfb: entry.responseStart - entry.startTime, load: entry.loadEventEnd - entry.startTime };
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const round = (value: number) => Math.round(value * 10) / 10;

export const pagesSection: BenchSection = {
  name: "pages",
  async run(context: BenchContext): Promise<SectionReport> {
    const app = await context.app();
    const session = await benchSession(context.database.url, app);
    const pages = await choosePages(context.database.url);
    const reloads = context.quick ? 2 : 7;
    const browser = await launchChromium();
    const timings: PageTiming[] = [];
    try {
      for (const pageCase of pages) {
        if (context.signal.aborted) throw new Error("Interrupted.");
        const browserContext = await browser.newContext({ baseURL: app.baseUrl });
        if (pageCase.loggedIn) {
          await browserContext.addCookies(session.cookies.map(({ name, value }) => ({ name, value, url: app.baseUrl })));
        }
        const page = await browserContext.newPage();
        const scripts = new Map<string, Promise<Buffer>>();
        page.on("response", (response) => {
          const url = new URL(response.url());
          if (url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".js")) scripts.set(url.pathname, response.body());
        });
        const response = await page.goto(pageCase.path, { waitUntil: "load" });
        const status = response?.status() ?? 0;
        if (status !== 200 || new URL(page.url()).pathname !== pageCase.path) {
          throw new Error(`${pageCase.path} answered ${status} at ${page.url()}`);
        }
        const cold = await navigationTiming(page);
        await page.waitForLoadState("networkidle");
        const bodies = await Promise.all(scripts.values());
        const warm: { ttfb: number; load: number }[] = [];
        for (let index = 0; index < reloads; index++) {
          await page.reload({ waitUntil: "load" });
          warm.push(await navigationTiming(page));
        }
        await browserContext.close();
        timings.push({
          name: pageCase.name,
          path: pageCase.path,
          status,
          coldLoadMs: round(cold.load),
          ttfbMs: round(median(warm.map((entry) => entry.ttfb))),
          loadMs: round(median(warm.map((entry) => entry.load))),
          jsFiles: bodies.length,
          jsGzipKb: round(bodies.reduce((sum, body) => sum + gzipSync(body).length, 0) / 1024),
          jsRawKb: round(bodies.reduce((sum, body) => sum + body.length, 0) / 1024),
        });
        context.say(`  ${pageCase.path}: load ${timings.at(-1)?.loadMs} ms, JS ${timings.at(-1)?.jsGzipKb} kB gzip`);
      }
    } finally {
      await browser.close();
    }
    const baseline = timings[0];
    const targets: TargetVerdict[] = timings
      .filter((timing) => timing !== baseline)
      .map((timing) => ({
        target: `page ${timing.path.replace(/\/\d+$/, "/[id]")}: first-load JS < ${TARGET_FIRST_LOAD_JS_KB} kB gzip`,
        met: timing.jsGzipKb < TARGET_FIRST_LOAD_JS_KB,
        detail: `${timing.jsGzipKb} kB in ${timing.jsFiles} files`,
      }));
    return {
      tables: [
        {
          title: `Pages — Chromium, logged in; median of ${reloads} warm reloads (ms); first-load JS of a cold visit`,
          columns: ["page", "path", "TTFB", "load", "load / baseline", "cold load", "JS files", "JS kB gzip", "JS kB raw"],
          rows: timings.map((timing) => [
            timing.name,
            timing.path,
            timing.ttfbMs,
            timing.loadMs,
            round(timing.loadMs / (baseline?.loadMs ?? Number.NaN)),
            timing.coldLoadMs,
            timing.jsFiles,
            timing.jsGzipKb,
            timing.jsRawKb,
          ]),
          notes: [
            "TTFB: first byte of the HTML (pages stream: the shell comes first). load: the load event, after the streamed data and every script.",
          ],
        },
      ],
      data: { reloads, pages: timings },
      targets,
    };
  },
};
