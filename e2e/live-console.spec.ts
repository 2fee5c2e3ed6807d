// The live console in a real browser: signed deliveries through the real webhook endpoint reach an
// open list (only when they match its filters), a timeline and the overview without a reload;
// pausing stops updates and resuming catches up.
import { expect, type Page, test } from "@playwright/test";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";

let nextExchange = 70_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

function callback(exchangeId: number, status: string, assetPair: string) {
  return exchangeCallbackPayload({ callbackId: unique(`live-${status}-`), exchangeId, status, assetPair, manageesId: 6060 });
}

async function waitUntilLive(page: Page) {
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "live", { timeout: 15_000 });
}

/** Marks the document, so a test can tell that the page was not reloaded. */
async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
}
const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

test("a list with a filter shows a 'new' bar only for deliveries that match it, and updates a row on screen in place", async ({
  page,
  request,
}) => {
  const pair = `${unique("L").slice(0, 6).toUpperCase()}/USD`;
  const onScreen = ++nextExchange;
  await deliver(request, "banking", callback(onScreen, "Pending", pair));
  await page.goto(`/exchanges?pair=${encodeURIComponent(pair)}`);
  await expect(page.getByRole("link", { name: `#${onScreen}` })).toBeVisible();
  await waitUntilLive(page);
  await markDocument(page);

  // Another pair: not this list's business.
  await deliver(request, "banking", callback(++nextExchange, "Pending", "JPY/CHF"));
  // The same pair: one new row, counted, not inserted under the cursor.
  const fresh = ++nextExchange;
  await deliver(request, "banking", callback(fresh, "WaitingForApproval", pair));
  const bar = page.getByText(/new or updated matching your filters/);
  await expect(bar).toBeVisible();
  await expect(bar).toContainText("1 new or updated");
  await expect(page.getByRole("link", { name: `#${fresh}` })).toHaveCount(0);

  // The row on screen moves on: updated in place, highlighted.
  await deliver(request, "banking", callback(onScreen, "Completed", pair));
  const row = page.locator("tr", { has: page.getByRole("link", { name: `#${onScreen}` }) });
  await expect(row.getByText("Completed")).toBeVisible();
  await expect(row).toHaveAttribute("data-live-changed", "matches");
  expect(await stillSameDocument(page)).toBe(true);

  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("link", { name: `#${fresh}` })).toBeVisible();
  await expect(bar).toHaveCount(0);
});

test("the rejected requests list counts a matching rejection and ignores another user's", async ({ page, request }) => {
  const user = unique("live-user-");
  await page.goto(`/prop-trading/rejected?user=${user}`);
  await waitUntilLive(page);
  await deliver(request, "crm", crmRejectPayload({ id: unique("other-"), userId: unique("someone-else-") }));
  await deliver(request, "crm", crmRejectPayload({ id: unique("mine-"), userId: user }));
  await expect(page.getByText(/1\s+new matching your filters/)).toBeVisible();
  await page.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("cell", { name: user }).first()).toBeVisible();
});

test("an exchange's timeline gains its new step without a reload, marked as just arrived", async ({ page, request }) => {
  const exchangeId = ++nextExchange;
  await deliver(request, "banking", callback(exchangeId, "WaitingForApproval", "EUR/USDC"));
  await page.goto(`/exchanges/${exchangeId}?order=rank`);
  await waitUntilLive(page);
  await markDocument(page);
  await deliver(request, "banking", callback(exchangeId, "Pending", "EUR/USDC"));
  const arrived = page.locator('[data-just-arrived="true"]');
  await expect(arrived).toHaveCount(1);
  await expect(arrived.getByText("Pending", { exact: true })).toBeVisible();
  await expect(arrived.getByText("just arrived")).toBeVisible();
  // By rank, the new step sits after the earlier status.
  const steps = page.getByRole("list").filter({ has: arrived }).locator(":scope > li");
  await expect(steps).toHaveCount(2);
  await expect(steps.nth(1)).toHaveAttribute("data-just-arrived", "true");
  await expect(page.getByText("Status callbacks").locator("xpath=following-sibling::*[1]")).toHaveText("2");
  expect(await stillSameDocument(page)).toBe(true);
});

test("the overview's counters refresh as deliveries arrive", async ({ page, request }) => {
  await page.goto("/");
  await waitUntilLive(page);
  const counter = page.getByRole("link", { name: /Exchange status callbacks/ });
  const today = async () => Number(/([\d,]+)\s*today/.exec((await counter.textContent()) ?? "")?.[1]?.replace(/,/g, "") ?? "NaN");
  const before = await today();
  expect(before).not.toBeNaN();
  await markDocument(page);
  await deliver(request, "banking", callback(++nextExchange, "Pending", "EUR/USDC"));
  await expect.poll(today, { timeout: 15_000 }).toBeGreaterThan(before);
  expect(await stillSameDocument(page)).toBe(true);
});

test("pausing stops updates; resuming catches up with what arrived meanwhile", async ({ page, request }) => {
  const user = unique("paused-user-");
  await page.goto(`/prop-trading/rejected?user=${user}`);
  await waitUntilLive(page);
  await page.getByRole("button", { name: "Pause live updates" }).click();
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "paused");
  await deliver(request, "crm", crmRejectPayload({ id: unique("while-paused-"), userId: user }));
  // Give a live page ample time to have shown it: a paused one must not.
  await page.waitForTimeout(2_000);
  await expect(page.getByText(/new matching your filters/)).toHaveCount(0);

  // Paused stays paused across pages (it is the operator's choice, kept in this browser).
  await page.reload();
  await expect(page.locator("[data-live-status]")).toHaveAttribute("data-live-status", "paused");
  await page.getByRole("button", { name: "Resume live updates" }).click();
  await waitUntilLive(page);
  const bar = page.getByText(/new matching your filters/);
  // Resumed from where the page was rendered: nothing arrived since the reload, so the list is already complete.
  await expect(page.getByRole("cell", { name: user }).first()).toBeVisible();
  await expect(bar).toHaveCount(0);
  await page.getByRole("button", { name: "Pause live updates" }).click();
  await deliver(request, "crm", crmRejectPayload({ id: unique("while-paused-2-"), userId: user }));
  await page.waitForTimeout(1_000);
  await page.getByRole("button", { name: "Resume live updates" }).click();
  // What arrived while paused is replayed on resuming.
  await expect(bar).toBeVisible();
  await expect(bar).toContainText("1 new");
});

test("the delivery log counts a new quarantine under an outcome filter, and shows a dismissal on screen in place", async ({
  page,
  request,
}) => {
  const onScreen = await deliver(request, "crm", crmRejectPayload({ id: unique("bad-"), userId: "u1", initialBalance: "not a number" }));
  expect(onScreen.status).toBe("quarantined");
  await page.goto("/deliveries?outcome=quarantined");
  await waitUntilLive(page);
  const row = page.locator("tbody tr", { hasText: new RegExp(`#${onScreen.deliveryId}(?!\\d)`) });
  await expect(row).toBeVisible();

  await deliver(request, "crm", crmRejectPayload({ id: unique("good-"), userId: "u1" }));
  await deliver(request, "crm", crmRejectPayload({ id: unique("bad-"), userId: "u1", initialBalance: "still not a number" }));
  await expect(page.getByText(/1\s+new matching your filters/)).toBeVisible();

  // An administrator dismisses the one on screen (in another tab, say).
  const other = await page.context().newPage();
  await other.goto(`/deliveries/${onScreen.deliveryId}`);
  await other.getByLabel(/Why/).fill("a test message");
  await other.getByRole("button", { name: "Dismiss", exact: true }).click();
  await expect(other.getByRole("button", { name: "Put back into quarantine" })).toBeVisible();
  await expect(row).toHaveAttribute("data-live-changed", "no-longer-matches");
  await expect(row.getByText("no longer matches")).toBeVisible();
});
