// A managee's page: every exchange the bank reported for one client, reached from an exchange's
// timeline, with what is still open, the volume by asset pair, and links back to each timeline.
import { expect, test } from "@playwright/test";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";

test("an operator follows a managee from an exchange to all their exchanges, and back to a timeline", async ({ page, request }) => {
  const managee = 700_000 + Math.floor(Math.random() * 99_000);
  const base = 80_000_000 + Math.floor(Math.random() * 9_000_000);
  const callback = (exchangeId: number, status: string, assetPair: string, hasOpenRfi = false) =>
    exchangeCallbackPayload({ callbackId: unique("mg-"), exchangeId, status, assetPair, manageesId: managee, hasOpenRfi });
  await deliver(request, "banking", callback(base, "AwaitingRfi", "EUR/USDC", true));
  await deliver(request, "banking", callback(base + 1, "Completed", "EUR/USDC"));
  await deliver(request, "banking", callback(base + 2, "Pending", "BTC/USD"));

  await page.goto(`/exchanges/${base + 1}`);
  await page.getByRole("link", { name: String(managee), exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/managees/${managee}$`));
  await expect(page.getByRole("heading", { name: `Managee ${managee}` })).toBeVisible();
  await expect(page.locator("dt", { hasText: /^Exchanges$/ }).locator("xpath=following-sibling::*[1]")).toHaveText("3");
  await expect(page.getByRole("link", { name: /2 \(1 with an open RFI\)/ })).toBeVisible();
  const volume = page.getByRole("region", { name: "Volume by asset pair" });
  await expect(volume.getByRole("row").filter({ hasText: "EUR/USDC" })).toContainText("2");
  await expect(volume.getByRole("row").filter({ hasText: "BTC/USD" })).toContainText("1");

  const latest = page.getByRole("region", { name: /Exchanges, newest update first/ });
  await expect(latest.getByRole("row")).toHaveCount(4);
  await expect(latest.getByRole("row").filter({ hasText: `#${base}` })).toContainText("open");
  await latest.getByRole("link", { name: `#${base + 2}` }).click();
  await expect(page.getByRole("heading", { name: `Exchange #${base + 2}` })).toBeVisible();
  // "Not final" leads to exactly those in the exchanges list.
  await page.goto(`/managees/${managee}`);
  await page.getByRole("link", { name: /2 \(1 with an open RFI\)/ }).click();
  await expect(page.getByRole("link", { name: `#${base}`, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: `#${base + 2}`, exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: `#${base + 1}`, exact: true })).toHaveCount(0);
  await page.goto(`/exchanges/${base + 2}`);
  await expect(page.getByRole("heading", { name: `Exchange #${base + 2}` })).toBeVisible();
  await page.goto("/managees/999999999999");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});
