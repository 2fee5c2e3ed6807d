// An administrator reprocesses quarantined deliveries through the real server action, in each of
// its four outcomes: resolved, still quarantined, a duplicate of a later resend, no longer quarantined.
import { createHash } from "node:crypto";
import { expect, type Page, test } from "@playwright/test";
import type pg from "pg";
import { crmRejectPayload, exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { e2eDatabase } from "./fixtures/database";
import { deliver, unique } from "./fixtures/deliver";

let database: pg.Pool;
test.beforeAll(() => {
  database = e2eDatabase();
});
test.afterAll(async () => {
  await database.end();
});

/** A quarantined delivery whose stored bytes are replaced by `fixed`: what an earlier version of the intake refused. */
async function quarantinedByAnEarlierVersion(request: Parameters<typeof deliver>[0], fixed: unknown): Promise<string> {
  const refused = await deliver(request, "crm", crmRejectPayload({ id: unique("old-"), userId: "u1", initialBalance: "not a number" }));
  expect(refused.status).toBe("quarantined");
  const bytes = Buffer.from(JSON.stringify(fixed));
  await database.query("UPDATE delivery SET raw_body = $1, body_sha256 = $2 WHERE id = $3", [
    bytes,
    createHash("sha256").update(bytes).digest("hex"),
    refused.deliveryId,
  ]);
  return refused.deliveryId;
}

async function reprocess(page: Page, deliveryId: string) {
  await page.goto(`/deliveries/${deliveryId}`);
  await page.getByRole("button", { name: "Reprocess with the current intake" }).click();
}

test("a delivery the current intake accepts is projected, and the audit log says who did it", async ({ page, request }) => {
  const requestId = unique("fixed-");
  const deliveryId = await quarantinedByAnEarlierVersion(request, crmRejectPayload({ id: requestId, userId: unique("u-") }));
  await reprocess(page, deliveryId);
  await expect(page.getByRole("status")).toHaveText("Reprocessed: it passed the current intake and is now stored.");
  await page.reload();
  // No quarantine section any more (Next.js's own route announcer is an alert too, hence the tag).
  await expect(page.locator("section[role=alert]")).toHaveCount(0);
  await expect(page.getByText("projected", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Rejected prop-trading request" }).click();
  await expect(page.getByRole("heading", { name: `Rejected request ${requestId}` })).toBeVisible();
  const { rows } = await database.query(
    "SELECT details FROM audit_log WHERE action = 'delivery.reprocess' AND details->>'deliveryId' = $1 ORDER BY id DESC LIMIT 1",
    [deliveryId],
  );
  expect(rows[0]?.details).toMatchObject({ deliveryId, outcome: "resolved" });
});

test("a delivery that still fails stays quarantined with the current reasons", async ({ page, request }) => {
  const payload = exchangeCallbackPayload({ callbackId: unique("cb-"), exchangeId: Math.floor(Math.random() * 1e9), status: "Pending" });
  const refused = await deliver(request, "banking", { ...payload, Data: { ...payload.Data, RequestAmount: "twelve" } });
  await reprocess(page, refused.deliveryId);
  await expect(page.getByRole("status")).toHaveText("Still quarantined with the current intake code; the reasons below are updated.");
  await page.reload();
  await expect(page.locator("section[role=alert]")).toContainText('Data.RequestAmount = "twelve"');
  await expect(page.getByText(/Reprocessed by e2e-admin@example\.com at .* Still quarantined\./)).toBeVisible();
});

test("a delivery the sender has since resent becomes a duplicate of the resend", async ({ page, request }) => {
  const payload = crmRejectPayload({ id: unique("resent-"), userId: unique("u-") });
  const resend = await deliver(request, "crm", payload);
  expect(resend.status).toBe("accepted");
  // The same request, as an earlier version of the intake refused it (a byte differs: its own body).
  const deliveryId = await quarantinedByAnEarlierVersion(request, { ...payload, version: "1.0.1" });
  await reprocess(page, deliveryId);
  await expect(page.getByRole("status")).toHaveText("Reprocessed: the sender had already delivered it again; recorded as a duplicate.");
  await page.reload();
  await expect(page.getByRole("link", { name: `#${resend.deliveryId}` })).toBeVisible();
});

test("a delivery someone else reprocessed meanwhile is reported as no longer quarantined", async ({ page, browser, request }) => {
  const deliveryId = await quarantinedByAnEarlierVersion(request, crmRejectPayload({ id: unique("twice-"), userId: unique("u-") }));
  const other = await browser.newPage();
  await other.goto(`/deliveries/${deliveryId}`);
  await reprocess(page, deliveryId);
  await expect(page.getByRole("status")).toHaveText("Reprocessed: it passed the current intake and is now stored.");
  await other.getByRole("button", { name: "Reprocess with the current intake" }).click();
  await expect(other.getByRole("status")).toHaveText("This delivery is no longer quarantined.");
  await other.close();
});
