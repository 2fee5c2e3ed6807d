// The live console across instances and faults: two app instances on one PostgreSQL (a stream on
// each hears a delivery made to either), the database stopping and starting under an open browser
// (it says "reconnecting…", then catches up), and SIGKILL of the instance a browser streams from
// (the browser reconnects through the load balancer to the other one, and no committed delivery is
// missing from its list).
import { type Browser, type BrowserContext, chromium, expect, type Page, test } from "@playwright/test";
import { chromiumLaunchOptions } from "@/tooling/testing/chromium";
import { LiveEvents } from "@/tooling/testing/live-events";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { type AppServer, FAULTS_SESSION_SECRET, isRunning, killGroup, startNextServer, stopGracefully } from "./support/app-server";
import { startTestDatabase, type TestDatabase } from "./support/database";
import { signedDelivery } from "./support/deliveries";
import { type FailoverProxy, startFailoverProxy } from "./support/failover-proxy";
import { httpRequest } from "./support/http";
import { recordNumbers } from "./support/report";
import { slot } from "./support/slots";
import { viewerSession } from "./support/staff-login";
import { sleep } from "./support/wait";

test.describe.configure({ mode: "serial" });

const { webPort, pgPorts, dataDir } = slot("live");
let database: TestDatabase;
let instanceA: AppServer;
let instanceB: AppServer;
let proxy: FailoverProxy;
let cookie: string;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(300_000);
  database = await startTestDatabase(dataDir, pgPorts);
  // Both serve the address the load balancer answers on, as they would behind one in production.
  const env = { APP_URL: `http://127.0.0.1:${webPort + 2}` };
  [instanceA, instanceB] = await Promise.all([
    startNextServer({ name: "live-a", port: webPort, databaseUrl: database.url, env }),
    startNextServer({ name: "live-b", port: webPort + 1, databaseUrl: database.url, env }),
  ]);
  proxy = await startFailoverProxy(webPort + 2, [instanceA.baseURL, instanceB.baseURL]);
  cookie = await viewerSession(proxy.baseURL, database.url, FAULTS_SESSION_SECRET);
  browser = await chromium.launch(chromiumLaunchOptions);
});

test.afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  for (const instance of [instanceA, instanceB]) if (instance && isRunning(instance)) await stopGracefully(instance);
  await database?.close();
});

let exchangeId = 5_000_000;
async function deliverTo(baseURL: string, status = "Pending"): Promise<string | undefined> {
  exchangeId += 1;
  const delivery = signedDelivery(
    "banking",
    exchangeCallbackPayload({ callbackId: `live-fault-${exchangeId}`, exchangeId, status, assetPair: "EUR/USDC", manageesId: 77 }),
    `live-fault-${exchangeId}`,
  );
  const answer = await httpRequest(baseURL, {
    path: "/api/webhooks/banking",
    headers: delivery.headers,
    body: delivery.body,
    timeoutMs: 15_000,
  });
  if (answer.kind !== "answered" || answer.status !== 200) return undefined;
  return String((JSON.parse(answer.body) as { deliveryId: string }).deliveryId);
}

async function openStream(baseURL: string): Promise<LiveEvents> {
  const response = await fetch(`${baseURL}/api/live`, { headers: { cookie, accept: "text/event-stream" } });
  expect(response.status).toBe(200);
  const stream = new LiveEvents(response.body as ReadableStream<Uint8Array>);
  await stream.waitFor((event) => event.event === "feed" && JSON.parse(event.data).state === "live", 30_000);
  return stream;
}

async function browserOnProxy(path: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: proxy.baseURL, viewport: { width: 1280, height: 900 } });
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const [name, ...value] = pair.split("=");
      return { name: name as string, value: value.join("="), url: proxy.baseURL };
    }),
  );
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 30_000 });
  return { context, page };
}

const liveStatus = (page: Page) => page.locator("[data-live-status]");

/** Every delivery in the database is on the (first page of the) delivery log, after "show" if the bar offers it. */
async function expectEveryDeliveryListed(page: Page) {
  const ids = (await database.pool.query<{ id: string }>("SELECT id::text FROM delivery ORDER BY id")).rows.map((row) => row.id);
  expect(ids.length).toBeLessThanOrEqual(50);
  const show = page.getByRole("button", { name: "Show", exact: true });
  if (await show.isVisible()) await show.click();
  await expect(async () => {
    const table = (await page.locator("tbody").textContent()) ?? "";
    const missing = ids.filter((id) => !new RegExp(`#${id}(?!\\d)`).test(table));
    expect(missing, "committed deliveries missing from the list").toEqual([]);
  }).toPass({ timeout: 30_000 });
  return ids.length;
}

test("two instances on one database: a stream on each hears a delivery made to either", async () => {
  const onA = await openStream(instanceA.baseURL);
  const onB = await openStream(instanceB.baseURL);
  try {
    for (const target of [instanceA, instanceB]) {
      const deliveryId = await deliverTo(target.baseURL);
      expect(deliveryId).toBeDefined();
      for (const stream of [onA, onB])
        await stream.waitFor((event) => event.event === "change" && JSON.parse(event.data).delivery.id === deliveryId, 15_000);
    }
  } finally {
    onA.close();
    onB.close();
  }
});

test("the database stops under an open page: it says reconnecting…, then resumes and refetches", async () => {
  const { context, page } = await browserOnProxy("/deliveries");
  const refreshes: number[] = [];
  page.on("request", (request) => {
    if (request.headers().rsc === "1") refreshes.push(Date.now());
  });
  try {
    await database.stop();
    await expect(liveStatus(page)).toHaveAttribute("data-live-status", "reconnecting", { timeout: 30_000 });
    await database.start();
    const restartedAt = Date.now();
    // Committed as soon as the database is back, likely before the feed listens again: the refetch must bring it.
    let committed: string | undefined;
    for (let attempt = 0; attempt < 30 && !committed; attempt++) {
      committed = await deliverTo(proxy.baseURL);
      if (!committed) await sleep(500);
    }
    expect(committed).toBeDefined();
    await expect(liveStatus(page)).toHaveAttribute("data-live-status", "live", { timeout: 60_000 });
    await expect.poll(() => refreshes.filter((at) => at >= restartedAt).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await expectEveryDeliveryListed(page);
  } finally {
    await context.close();
  }
});

test("SIGKILL of the instance a browser streams from: it reconnects to the other, and no committed delivery is missing", async () => {
  const { context, page } = await browserOnProxy("/deliveries");
  try {
    const acknowledged: string[] = [];
    let sending = true;
    const load = (async () => {
      while (sending) {
        const id = await deliverTo(proxy.baseURL);
        if (id) acknowledged.push(id);
        await sleep(150);
      }
    })();
    await sleep(1_500);
    const beforeKill = acknowledged.length;
    killGroup(instanceA, "SIGKILL");
    await instanceA.exited;
    await expect(liveStatus(page)).not.toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
    await expect(liveStatus(page)).toHaveAttribute("data-live-status", "live", { timeout: 60_000 });
    await sleep(1_500);
    sending = false;
    await load;
    expect(acknowledged.length).toBeGreaterThan(beforeKill);
    const listed = await expectEveryDeliveryListed(page);
    // The page now runs on instance B: it answered the browser since the kill.
    expect(proxy.forwarded.get(instanceB.baseURL) ?? 0).toBeGreaterThan(0);
    recordNumbers("live console: SIGKILL of the streaming instance", {
      acknowledgedBeforeKill: beforeKill,
      acknowledgedInAll: acknowledged.length,
      listedAfterReconnect: listed,
    });
  } finally {
    await context.close();
  }
});

test("a browser that goes away frees its stream: one person opening and closing tabs is never locked out by the cap", async () => {
  // The cap is 12 streams per person on an instance; 20 tabs opened and closed one after the other must all be served.
  for (let tab = 0; tab < 20; tab++) {
    const stream = await openStream(instanceB.baseURL);
    stream.close();
    await stream.done;
  }
  const last = await openStream(instanceB.baseURL);
  expect(last.events.some((event) => event.event === "refused")).toBe(false);
  last.close();
});

test("SIGTERM with live streams open: each is told the server is restarting, and shutdown does not wait for them", async () => {
  const streams = await Promise.all(Array.from({ length: 5 }, () => openStream(instanceB.baseURL)));
  const started = Date.now();
  const exit = await stopGracefully(instanceB, 60_000);
  const shutdownMs = Date.now() - started;
  for (const stream of streams) {
    const ended = await stream.waitFor((event) => event.event === "ended", 5_000);
    expect(JSON.parse(ended.data)).toEqual({ reason: "server-restarting" });
  }
  expect(exit.code).toBe(143);
  // The web server's grace period for requests in flight is 25 s: open streams would have held it that long.
  expect(shutdownMs).toBeLessThan(15_000);
  recordNumbers("live console: SIGTERM with 5 streams open", { shutdownMs });
});
