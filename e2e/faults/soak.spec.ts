// A steady, moderate stream of deliveries from both senders (with the occasional byte-identical
// resend) while the dashboard's pages are fetched now and then: nothing fails, everything is
// stored once, and the server's memory stays flat. Short profile ~30 s, long profile 10 minutes.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { FAULTS_SESSION_SECRET, residentBytes } from "./support/app-server";
import { type Delivery, distinctDeliveries } from "./support/deliveries";
import { checkExactlyOnce } from "./support/exactly-once";
import { describeOutcome, httpRequest } from "./support/http";
import { intakeAppTest } from "./support/intake-app";
import { DeliveryLedger, runSteadyRate } from "./support/load";
import { faultsProfile, faultsSeed, seededRandom } from "./support/profile";
import { recordNumbers } from "./support/report";
import { viewerSession } from "./support/staff-login";
import { sleep } from "./support/wait";

/** What an operator opens during the soak, signed in as a viewer. */
const SOAK_PAGES = [
  "/",
  "/prop-trading/rejected",
  "/exchanges",
  "/deliveries?outcome=duplicate",
  "/api/exchanges?rfi=true",
  "/api/health",
] as const;
const PAGE_INTERVAL_MS = 2_000;
const RSS_INTERVAL_MS = 5_000;
const MB = 1024 * 1024;

const test = intakeAppTest("soak");

test(`steady ${faultsProfile.soakRatePerSecond} deliveries/s for ${faultsProfile.soakMs / 1000} s: no errors, all stored once, memory flat`, async ({
  app,
}) => {
  test.setTimeout(faultsProfile.soakWarmUpMs + faultsProfile.soakMs + 5 * 60_000);
  const random = seededRandom(faultsSeed + 2);
  const fresh = distinctDeliveries(`soak-${randomUUID().slice(0, 8)}`, 100_000_000);
  const sent: Delivery[] = [];
  // One in twenty is a resend of an earlier delivery, as the CRM's Resend button produces.
  const next = () => {
    if (sent.length > 20 && random() < 0.05) return sent[Math.floor(random() * sent.length)] as Delivery;
    const delivery = fresh();
    sent.push(delivery);
    return delivery;
  };

  const cookie = await viewerSession(app.baseURL, app.database.url, FAULTS_SESSION_SECRET);
  const ledger = new DeliveryLedger();
  const pages: { page: string; answer: string }[] = [];
  const rss: { atMs: number; bytes: number }[] = [];
  const began = Date.now();
  let loadRunning = true;
  const pagePoller = (async () => {
    while (loadRunning) {
      for (const page of SOAK_PAGES) {
        pages.push({
          page,
          answer: describeOutcome(await httpRequest(app.baseURL, { method: "GET", path: page, headers: { cookie }, timeoutMs: 60_000 })),
        });
      }
      await sleep(PAGE_INTERVAL_MS);
    }
  })();
  const rssSampler = (async () => {
    while (loadRunning) {
      rss.push({ atMs: Date.now() - began, bytes: residentBytes(app.server.pid) });
      await sleep(RSS_INTERVAL_MS);
    }
  })();

  const rate = await runSteadyRate({
    baseURL: app.baseURL,
    ratePerSecond: faultsProfile.soakRatePerSecond,
    durationMs: faultsProfile.soakWarmUpMs + faultsProfile.soakMs,
    ledger,
    next,
    maxInFlight: 256,
  });
  loadRunning = false;
  await Promise.all([pagePoller, rssSampler]);
  const loadMs = Date.now() - began;

  // Memory is compared under load at both ends: after the warm-up (JIT and caches settled) and at the last sample.
  const underLoad = rss.filter((sample) => sample.atMs >= faultsProfile.soakWarmUpMs);
  const rssStart = underLoad[0]?.bytes ?? 0;
  const rssEnd = underLoad[underLoad.length - 1]?.bytes ?? 0;
  const { numbers, problems } = await checkExactlyOnce(app.database.pool, ledger, { databaseHoldsOnlyThese: true });
  recordNumbers("soak", {
    profile: faultsProfile.name,
    ratePerSecond: faultsProfile.soakRatePerSecond,
    seconds: Math.round(loadMs / 1000),
    achievedPerSecond: Math.round((ledger.attempts.length / loadMs) * 1000 * 10) / 10,
    skippedSlots: rate.skipped,
    ...numbers,
    pageFetches: pages.length,
    pageAnswers: Object.fromEntries(
      [...new Set(pages.map((page) => page.answer))].map((answer) => [answer, pages.filter((page) => page.answer === answer).length]),
    ),
    rssMb: {
      beforeLoad: Math.round((rss[0]?.bytes ?? 0) / MB),
      start: Math.round(rssStart / MB),
      end: Math.round(rssEnd / MB),
      peak: Math.round(Math.max(...rss.map((sample) => sample.bytes)) / MB),
      samples: rss.length,
    },
  });

  expect(ledger.tally(), "every delivery answered 200").toEqual({ "200": ledger.attempts.length });
  expect(
    pages.filter((page) => page.answer !== "200"),
    "every page answered 200",
  ).toEqual([]);
  expect(pages.length).toBeGreaterThanOrEqual(SOAK_PAGES.length);
  expect(problems).toEqual([]);
  expect(numbers).toMatchObject({ stored: numbers.sent, lost: 0, doubled: 0 });
  expect(numbers.duplicateRows, "the resends were recognised").toBe(ledger.attempts.length - numbers.sent);
  expect(underLoad.length, "memory sampled under load after the warm-up").toBeGreaterThanOrEqual(2);
  expect(rssEnd, `RSS ${Math.round(rssStart / MB)} MB → ${Math.round(rssEnd / MB)} MB`).toBeLessThan(rssStart * 1.5 + 50 * MB);
});
