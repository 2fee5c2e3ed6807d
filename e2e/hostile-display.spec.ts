// Markup and scripts sent in any string field are shown as text on every page, never run; formulas
// are shown as sent (the CSV export neutralises them, see dashboard.spec.ts).
import { expect, type Page, test } from "@playwright/test";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";

const SCRIPT = `<script>window.__xss=(window.__xss||0)+1</script>`;
const IMAGE = `<img src=x onerror="window.__xss=(window.__xss||0)+1">`;
const EVIL = `${SCRIPT}${IMAGE}`;

async function expectNothingRan(page: Page, path: string) {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), path).toBeUndefined();
  expect(dialogs, path).toEqual([]);
  // The payload is there, as text.
  await expect(page.getByText("window.__xss", { exact: false }).filter({ visible: true }).first(), path).toBeVisible();
}

test("markup in every string field is shown as text on every page, never executed", async ({ page, request }) => {
  const tag = unique("x");
  const user = `${tag}${IMAGE}`;
  const reject = await deliver(
    request,
    "crm",
    crmRejectPayload({
      id: `${tag}${SCRIPT}`,
      userId: user,
      packageNames: { "en-us": EVIL, "zh-cn": `全是live${SCRIPT}` },
      platform: `mt5${IMAGE}`,
      connectionId: EVIL,
      group: `=HYPERLINK("http://evil")${EVIL}`,
      targetName: EVIL,
      status: EVIL,
    }),
  );
  const exchangeId = 700_000_000 + Math.floor(Math.random() * 1e8);
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({ callbackId: `${tag}-cb${SCRIPT}`, exchangeId, status: "WaitingForApproval", assetPair: `EVIL${IMAGE}` }),
  );
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({ callbackId: `${tag}-cb2`, exchangeId, status: `Odd${SCRIPT}`, assetPair: `EVIL${IMAGE}` }),
  );
  const quarantined = await deliver(request, "crm", crmRejectPayload({ id: `${tag}-q`, userId: user, requestTime: `soon${EVIL}` }));
  expect(quarantined.status).toBe("quarantined");

  const requestPage = await request.get(`/api/prop-trading/rejected?user=${encodeURIComponent(user)}`);
  const listed = (await requestPage.json()) as { rows: { id: string }[] };
  const requestId = listed.rows[0]?.id;
  expect(requestId).toBeDefined();

  for (const path of [
    `/prop-trading/rejected?user=${encodeURIComponent(user)}`,
    `/prop-trading/rejected/${requestId}`,
    `/exchanges?pair=${encodeURIComponent(`EVIL${IMAGE}`)}`,
    `/exchanges/${exchangeId}`,
    `/deliveries/${reject.deliveryId}`,
    `/deliveries/${quarantined.deliveryId}`,
    `/deliveries?q=${encodeURIComponent(`${tag}-cb${SCRIPT}`)}`,
  ]) {
    await expectNothingRan(page, path);
  }
  // The overview lists the exchange among those needing attention only once it is stale; it still
  // renders the undocumented status in its chart data without running it.
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});
