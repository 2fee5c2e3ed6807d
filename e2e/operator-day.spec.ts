// An operations person's day, each step through the real server in Chromium: what needs attention
// and for how long, what a delivery is about, setting one aside, refused requests, the rejected
// list's id column, sort and back link, amounts with their currency, times in one's own zone, one's
// own password, phones, and honest statuses.
import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import { sign } from "@/lib/webhooks/signature";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";
import { e2eServer } from "./fixtures/server";
import { createStaffThroughAdminScreen, loggedInPage } from "./fixtures/staff";

const exchangeIdOf = () => 500_000_000 + Math.floor(Math.random() * 1e8);

test("needs attention: open RFIs first, each with its age, and a link to all of them in the list", async ({ page, request }) => {
  const pair = `${unique("N").toUpperCase()}/EUR`;
  const exchangeId = exchangeIdOf();
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId, status: "AwaitingRfi", assetPair: pair, requestAmount: "1250.5" }),
  );
  await page.goto("/");
  const panel = page.locator("section").filter({ has: page.getByRole("heading", { name: /^Needs attention/ }) });
  const rows = panel.locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  // Open RFIs come first; every row says how long it has been silent.
  await expect(rows.first()).toContainText("open");
  for (const age of await panel.locator("tbody tr td:last-child").allTextContents())
    expect(age).toMatch(/^\d+ (s|min \d+ s|h \d+ min|d \d+ h)$/);
  await panel.getByRole("link", { name: /in the exchanges list/ }).click();
  await expect(page).toHaveURL(/attention=true/);
  // The filter is in the URL like every other, and combines with the rest.
  await page.goto(`/exchanges?attention=true&pair=${encodeURIComponent(pair)}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(`#${exchangeId}`);
  await expect(page.locator("tbody")).toContainText(`1,250.5 ${pair.split("/")[0]}`);
  const done = exchangeIdOf();
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId: done, status: "Completed", assetPair: pair }),
  );
  await page.reload();
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await page.goto(`/exchanges?attention=false&pair=${encodeURIComponent(pair)}`);
  await expect(page.locator("tbody")).toContainText(`#${done}`);
});

test("a delivery says what it is about, with links; a quarantined one can be set aside with a reason, and put back", async ({
  page,
  request,
}) => {
  const user = unique("about-");
  const requestId = unique("rq-");
  await deliver(request, "crm", crmRejectPayload({ id: requestId, userId: user }));
  const payload = exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId: exchangeIdOf(), status: "Pending" });
  const quarantined = await deliver(request, "banking", { ...payload, Data: { ...payload.Data, RequestAmount: "lots" } });

  await page.goto(`/deliveries?q=${quarantined.deliveryId}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.locator("tbody")).toContainText(`exchange #${payload.Data.Id}`);
  await page.goto("/deliveries?sender=crm");
  const row = page.getByRole("row").filter({ hasText: `request ${requestId}` });
  await row.getByRole("link", { name: `user ${user}` }).click();
  await expect(page).toHaveURL(new RegExp(`/prop-trading/rejected\\?user=${user}`));

  await page.goto(`/deliveries/${quarantined.deliveryId}`);
  await expect(page.locator("section[role=alert]")).toContainText('Data.RequestAmount = "lots"');
  await page.getByLabel(/Not worth reprocessing/).fill("the bank's test callback, confirmed by phone");
  await page.getByRole("button", { name: "Dismiss" }).click();
  await expect(page.getByRole("status")).toContainText("Dismissed");
  await expect(page.getByText(/Dismissed by e2e-admin@example\.com at .*the bank's test callback/)).toBeVisible();
  await page.goto(`/deliveries?outcome=dismissed&q=${quarantined.deliveryId}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await page.goto(`/deliveries/${quarantined.deliveryId}`);
  await page.getByRole("button", { name: "Put back into quarantine" }).click();
  await expect(page.getByRole("status")).toHaveText("Back in quarantine.");
  await expect(page.getByRole("button", { name: "Dismiss" })).toBeVisible();
  await page.goto("/admin/audit?action=delivery.dismiss");
  await expect(page.getByRole("row").filter({ hasText: quarantined.deliveryId }).first()).toContainText("the bank's test callback");
});

test("refused requests have a view of their own: per hour, and recent examples without their bodies", async ({ page, request }) => {
  const body = JSON.stringify(crmRejectPayload({ id: unique("forged-"), userId: "u1" }));
  const response = await request.post("/api/webhooks/crm", {
    headers: { "content-type": "application/json", "x-crm-signature": sign.crm(body, "not-the-crm-secret-at-all") },
    data: Buffer.from(body),
  });
  expect(response.status()).toBe(401);
  const hash = createHash("sha256").update(body).digest("hex");
  await page.goto("/");
  await page.getByRole("link", { name: /Refused \(bad signature/ }).click();
  await expect(page).toHaveURL(/\/refused-requests$/);
  // Written out every few seconds, not per request: an attacker cannot make us write at will.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("recent-refusals")).toContainText(hash.slice(0, 16), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  const example = page
    .getByTestId("recent-refusals")
    .getByRole("row")
    .filter({ hasText: hash.slice(0, 16) });
  await expect(example).toContainText("signature does not match");
  await expect(example).toContainText("64 hex");
  await expect(example).toContainText("127.0.0.1");
  await expect(page.locator("body")).not.toContainText("forged-");
});

test("the rejected list shows request ids, sorts by received on request, and its detail returns to the same filters", async ({
  page,
  request,
}) => {
  const user = unique("srt-");
  const old = unique("old-");
  const recent = unique("new-");
  await deliver(request, "crm", crmRejectPayload({ id: recent, userId: user, requestTime: "2026-01-01 10:00:00" }));
  // Made in 2024, received now: last by request time, first by received time.
  await deliver(request, "crm", crmRejectPayload({ id: old, userId: user, requestTime: "2024-01-01 10:00:00" }));
  await page.goto(`/prop-trading/rejected?user=${user}`);
  await expect(page.getByRole("columnheader", { name: "Request", exact: true })).toBeVisible();
  await expect(page.locator("tbody tr").first()).toContainText(recent);
  await page.getByLabel("Sort by").selectOption("receivedAt.desc");
  await expect(page).toHaveURL(/sort=receivedAt\.desc/);
  await expect(page.locator("tbody tr").first()).toContainText(old);
  await page.locator("tbody tr").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: `Rejected request ${old}` })).toBeVisible();
  await page.getByRole("link", { name: /Back to the rejected requests/ }).click();
  await expect(page).toHaveURL(new RegExp(`user=${user}.*sort=receivedAt\\.desc|sort=receivedAt\\.desc.*user=${user}`));
  await expect(page.locator("tbody tr").first()).toContainText(old);
});

test("decimals line up in a column, and the detail shows each exactly as received", async ({ page, request }) => {
  const user = unique("dec-");
  await deliver(request, "crm", crmRejectPayload({ id: unique("d1-"), userId: user, initialBalance: "100" }));
  await deliver(request, "crm", crmRejectPayload({ id: unique("d2-"), userId: user, initialBalance: "2500.125" }));
  await page.goto(`/prop-trading/rejected?user=${user}&sort=initialBalance.asc`);
  const cells = page.locator("tbody tr td:nth-child(10)");
  await expect(cells).toHaveText(["100.000", "2,500.125"]);
  await page.locator("tbody tr").first().getByRole("link").click();
  await expect(page.locator("dd").filter({ hasText: /^100$/ })).toBeVisible();
});

test("filters: a URL value that matches no choice shows Any, and days are typed as YYYY-MM-DD", async ({ page }) => {
  await page.goto("/exchanges?pair=FOO%2FBAR");
  await expect(page.getByLabel("Asset pair")).toHaveValue("");
  await expect(page.getByLabel("Asset pair").locator("option:checked")).toHaveText("Any pair");
  await page.getByLabel("Updated from").fill("26/11/2026");
  await page.getByLabel("Updated from").press("Enter");
  await expect(page.getByText("A day as YYYY-MM-DD")).toBeVisible();
  await expect(page).not.toHaveURL(/from=/);
  await page.getByLabel("Updated from").fill("2026-11-01");
  await page.getByLabel("Updated from").press("Enter");
  await expect(page).toHaveURL(/from=2026-11-01/);
});

test("an unrecognised status is called that, not mistaken for a status named NEW", async ({ page, request }) => {
  const exchangeId = exchangeIdOf();
  await deliver(request, "banking", exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId, status: "UnderReview" }));
  await page.goto(`/exchanges/${exchangeId}`);
  await expect(page.getByText("unrecognised").first()).toBeVisible();
  await expect(page.locator("body")).not.toContainText(/\bNEW\b/);
});

test("each staff member chooses UTC or their browser's zone; every time says which; the choice is kept", async ({ browser, page }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const context = await browser.newContext({
    baseURL: e2eServer.baseURL,
    storageState: { cookies: [], origins: [] },
    timezoneId: "Asia/Tokyo",
  });
  const tokyo = await context.newPage();
  await tokyo.goto("/login");
  await tokyo.getByLabel("E-mail").fill(viewer.email);
  await tokyo.getByLabel("Password").fill(viewer.password);
  await tokyo.getByRole("button", { name: "Log in" }).click();
  await expect(tokyo.getByRole("button", { name: "Log out" })).toBeVisible();
  await tokyo.goto("/exchanges");
  await expect(tokyo.getByRole("columnheader", { name: /Last update \(UTC\)/ })).toBeVisible();
  await tokyo.goto("/account");
  await tokyo.getByRole("radio", { name: /browser/ }).check();
  await tokyo.getByRole("button", { name: "Save" }).click();
  await expect(tokyo.getByRole("status")).toContainText("browser's time zone");
  await tokyo.goto("/exchanges");
  await expect(tokyo.getByRole("columnheader", { name: /Last update \(GMT\+9\)/ })).toBeVisible();
  await context.close();
  // Kept with the account: a new login elsewhere sees the same choice.
  const again = await loggedInPage(browser, viewer);
  await again.goto("/account");
  await expect(again.getByRole("radio", { name: /browser/ })).toBeChecked();
  await again.context().close();
});

test("staff change their own password, which ends their other sessions", async ({ browser, page }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const first = await loggedInPage(browser, viewer);
  const second = await loggedInPage(browser, viewer);
  await first.goto("/account");
  const newPassword = "my-own-new-password-2026";
  await first.getByLabel("Current password").fill(viewer.password);
  await first.getByLabel("New password (at least 12 characters)").fill(newPassword);
  await first.getByLabel("New password again").fill(newPassword);
  await first.getByRole("button", { name: "Change password" }).click();
  await expect(first.getByRole("status")).toContainText("Every other session of your account has ended");
  await first.goto("/exchanges");
  await expect(first.getByRole("heading", { name: "Exchanges", exact: true })).toBeVisible();
  await second.goto("/exchanges");
  await expect(second).toHaveURL(/\/login/);
  const relogged = await loggedInPage(browser, { email: viewer.email, password: newPassword });
  await expect(relogged.getByRole("button", { name: "Log out" })).toBeVisible();
  for (const p of [first, second, relogged]) await p.context().close();
});

test("a page that does not exist answers 404", async ({ page }) => {
  for (const path of ["/deliveries/999999999999", "/exchanges/999999999999", "/prop-trading/rejected/999999999999", "/no-such-page"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways as a whole; wide tables scroll in their frame and say so", async ({ page }) => {
    for (const path of [
      "/",
      "/prop-trading/rejected",
      "/exchanges",
      "/deliveries",
      "/refused-requests",
      "/account",
      "/admin/users",
      "/admin/audit",
      "/alerts",
      "/admin/alerts",
    ]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await page.goto("/exchanges");
    await expect(page.getByTestId("scroll-hint").first()).toBeVisible();
  });
});
