import { expect, test } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";

test("a delivered reject appears in the list and opens with its raw delivery", async ({ page, request }) => {
  const user = unique("u-");
  const requestId = unique("rq-");
  await deliver(request, "crm", crmRejectPayload({ id: requestId, userId: user, group: "real\\PROP-LIVE-A" }));

  await page.goto("/prop-trading/rejected");
  await page.getByLabel("User id").fill(user);
  await page.getByLabel("User id").press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]user=${user}`));
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(user);
  await expect(rows.first()).toContainText("All live, no rebate");

  await rows.first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: `Rejected request ${requestId}` })).toBeVisible();
  await expect(page.getByText("Exactly as received")).toBeVisible();
  await expect(page.locator("pre").last()).toContainText(`"id":"${requestId}"`);
});

test("filtering by user shows only that user's rows, and back/forward restore the filters", async ({ page, request }) => {
  const [first, second] = [unique("ua-"), unique("ub-")];
  for (const [index, user] of [first, first, second].entries()) {
    await deliver(request, "crm", crmRejectPayload({ id: unique(`rq${index}-`), userId: user, platform: index === 2 ? "ctrader" : "mt5" }));
  }
  await page.goto("/prop-trading/rejected");
  await page.getByLabel("User id").fill(first);
  await page.getByLabel("User id").press("Enter");
  await expect(page).toHaveURL(new RegExp(`user=${first}`));
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await expect(page.locator("tbody")).not.toContainText(second);

  await page.getByLabel("User id").fill(second);
  await page.getByLabel("User id").press("Enter");
  await expect(page).toHaveURL(new RegExp(`user=${second}`));
  await expect(page.locator("tbody tr")).toHaveCount(1);

  await page.goBack();
  await expect(page).toHaveURL(new RegExp(`user=${first}`));
  await expect(page.locator("tbody tr")).toHaveCount(2);
  await expect(page.getByLabel("User id")).toHaveValue(first);
  await page.goForward();
  await expect(page).toHaveURL(new RegExp(`user=${second}`));
  await expect(page.locator("tbody tr")).toHaveCount(1);
  await expect(page.getByLabel("User id")).toHaveValue(second);
});

test("filtering exchanges by asset pair keeps only that pair, in the URL too", async ({ page, request }) => {
  const pair = `${unique("E").toUpperCase()}/USD`;
  const other = `${unique("F").toUpperCase()}/USD`;
  for (const [index, assetPair] of [pair, pair, other].entries()) {
    await deliver(
      request,
      "banking",
      exchangeCallbackPayload({
        callbackId: unique("cb-"),
        exchangeId: 500_000_000 + Math.floor(Math.random() * 1e8) + index,
        status: "Pending",
        assetPair,
      }),
    );
  }
  await page.goto("/exchanges");
  await page.getByLabel("Asset pair").selectOption(pair);
  await expect(page).toHaveURL(new RegExp(`pair=${encodeURIComponent(pair).replace("%2F", "(%2F|/)")}`));
  await expect(page.locator("tbody tr")).toHaveCount(2);
  for (const row of await page.locator("tbody tr").all()) await expect(row).toContainText(pair);
});

test("the timeline shows callbacks as they arrived, or by rank on request, and marks the late ones", async ({ page, request }) => {
  const exchangeId = 600_000_000 + Math.floor(Math.random() * 1e8);
  const send = (status: string, executedPrice?: string, exchangeType?: 0 | 1) =>
    deliver(
      request,
      "banking",
      exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId, status, executedPrice: executedPrice ?? null, exchangeType }),
    );
  await send("Completed", "1.0842");
  await send("WaitingForApproval");
  await send("Pending", undefined, 1);

  await page.goto(`/exchanges/${exchangeId}`);
  await expect(page.getByRole("link", { name: "In order of arrival" })).toHaveAttribute("aria-current", "true");
  const steps = page.locator("ol > li");
  await expect(steps).toHaveCount(3);
  // As they arrived: Completed first, then the two that came after it.
  await expect(steps.nth(0)).toContainText("Completed");
  await expect(steps.nth(0)).toContainText("sets current state");
  await expect(steps.nth(0)).not.toContainText("arrived after a later status");
  await expect(steps.nth(1)).toContainText("WaitingForApproval");
  await expect(steps.nth(1)).toContainText("arrived after a later status");
  await expect(steps.nth(2)).toContainText("Pending");
  await expect(steps.nth(2)).toContainText("arrived after a later status");
  // Buy → Sell within one exchange is flagged.
  await expect(page.getByRole("alert").filter({ hasText: "should never change for one exchange" })).toBeVisible();
  await expect(steps.nth(2)).toContainText("should not change");

  await page.getByRole("link", { name: "By status rank" }).click();
  await expect(page).toHaveURL(/order=rank/);
  await expect(steps.nth(0)).toContainText("WaitingForApproval");
  await expect(steps.nth(1)).toContainText("Pending");
  await expect(steps.nth(2)).toContainText("Completed");
  await expect(steps.nth(0)).toContainText("arrived after a later status");
  await expect(steps.nth(1)).toContainText("arrived after a later status");
  await expect(steps.nth(2)).toContainText("Executed price");
  await expect(page.getByRole("heading", { name: `Exchange #${exchangeId}` })).toBeVisible();
});

test("the export button downloads exactly the filtered rows as CSV, BOM and neutralised formulas included", async ({ page, request }) => {
  const user = unique("ux-");
  const ids = [unique("rq-"), unique("rq-"), unique("rq-")];
  for (const [index, id] of ids.entries()) {
    await deliver(
      request,
      "crm",
      crmRejectPayload({
        id,
        userId: user,
        group: index === 0 ? "=SUM(1,2)" : "real\\PROP-LIVE-B",
        requestTime: `2024-09-0${index + 1} 10:00:00`,
      }),
    );
  }
  await deliver(request, "crm", crmRejectPayload({ id: unique("rq-"), userId: unique("someone-else-") }));

  await page.goto(`/prop-trading/rejected?user=${user}`);
  await expect(page.locator("tbody tr")).toHaveCount(3);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Export CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rejected-prop-trading-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = Buffer.from(await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks)));
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(bytes.subarray(3), { columns: true }) as Record<string, string>[];
  expect(rows.map((row) => row.request_id)).toEqual([...ids].reverse());
  expect(rows.every((row) => row.user_id === user)).toBe(true);
  expect(rows.find((row) => row.request_id === ids[0])?.group).toBe("'=SUM(1,2)");
});

test("the Excel button downloads the filtered rows as a workbook with ids as text and times as dates", async ({ page, request }) => {
  const user = `00${Math.floor(Math.random() * 1e8)}`;
  const id = `00${Math.floor(Math.random() * 1e8)}`;
  await deliver(request, "crm", crmRejectPayload({ id, userId: user, requestTime: "2024-09-01 10:00:00", initialBalance: "2500.25" }));
  await page.goto(`/prop-trading/rejected?user=${user}`);
  await expect(page.locator("tbody tr")).toHaveCount(1);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Excel/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^rejected-prop-trading-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const row = sheet.getRow(2);
  expect(row.getCell(header.indexOf("request_id") + 1).value).toBe(id);
  expect(row.getCell(header.indexOf("user_id") + 1).value).toBe(user);
  expect(row.getCell(header.indexOf("initial_balance") + 1).value).toBe(2500.25);
  expect((row.getCell(header.indexOf("request_time_utc") + 1).value as Date).toISOString()).toBe("2024-09-01T10:00:00.000Z");
  expect(sheet.rowCount).toBe(2);
});
