// Alerts in a real browser, against the production build whose evaluator runs every 2 s: an
// operator sees an alert appear for a stuck exchange, acknowledges it with a note, and watches it
// resolve when the exchange completes through the real webhook. An administrator routes a rule to a
// channel and sends a test.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import type pg from "pg";
import { exchangeCallbackPayload } from "@/tooling/testing/payloads";
import { e2eDatabase } from "./fixtures/database";
import { deliver, unique } from "./fixtures/deliver";

let database: pg.Pool;
test.beforeAll(() => {
  database = e2eDatabase();
});
test.afterAll(async () => {
  await database.end();
});

const exchangeIdOf = () => 60_000_000 + Math.floor(Math.random() * 9_000_000);

test("an operator sees an alert for a stuck exchange, acknowledges it with a note, and it resolves when the exchange completes", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const exchangeId = exchangeIdOf();
  await deliver(
    request,
    "banking",
    exchangeCallbackPayload({ callbackId: unique("stuck-"), exchangeId, status: "WaitingForConfirmation" }),
  );
  // Five hours ago, as far as the timeline knows: past the 60-minute threshold for WaitingForConfirmation.
  await database.query("UPDATE exchange_status_event SET received_at = now() - interval '5 hours' WHERE exchange_id = $1", [exchangeId]);
  await database.query(
    "UPDATE exchange SET first_seen_at = now() - interval '5 hours', last_update_at = now() - interval '5 hours' WHERE exchange_id = $1",
    [exchangeId],
  );

  await page.goto(`/alerts?subject=${exchangeId}`);
  const row = page.getByRole("row").filter({ hasText: `Exchange #${exchangeId} has been WaitingForConfirmation` });
  await expect(async () => {
    await page.reload();
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(row.getByText("firing")).toBeVisible();
  await expect(page.getByRole("link", { name: /Alerts\s*\d+/ })).toBeVisible();

  await row.getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: /Exchange stuck in a status/ })).toBeVisible();
  await page.getByLabel(/Note \(optional\)/).fill("calling the bank's desk");
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("status")).toContainText("Acknowledged");
  await expect(page.getByText(/acknowledged\s+by e2e-admin@example\.com\s+— calling the bank's desk/)).toBeVisible();
  await page
    .getByRole("link", { name: `Exchange #${exchangeId}` })
    .first()
    .isVisible();

  // The bank completes the exchange: the condition clears and the alert resolves by itself.
  await deliver(request, "banking", exchangeCallbackPayload({ callbackId: unique("done-"), exchangeId, status: "Completed" }));
  await expect(async () => {
    await page.reload();
    await expect(page.getByText("automatically (the condition cleared)")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);
  await expect(page.getByText(/resolved\s+— The condition cleared\./)).toBeVisible();

  await page.goto(`/alerts?subject=${exchangeId}&state=resolved`);
  await expect(page.getByRole("row").filter({ hasText: `#${exchangeId}` })).toHaveCount(1);
  const csv = await (await request.get(`/api/alerts/export?subject=${exchangeId}`)).text();
  expect(csv).toContain(`exchange:${exchangeId}`);
  expect(csv).toContain("resolved");
});

test("an administrator routes a rule to a Slack-compatible channel; its test and an alert reach the receiver", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  const received: { body: string }[] = [];
  const receiver = http.createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8") });
      answer.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  try {
    const name = unique("room-");
    await page.goto("/admin/alerts");
    const creating = page.getByRole("form", { name: "New channel" });
    await creating.getByLabel("Name").fill(name);
    await creating.getByLabel("URL or e-mail addresses").fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slack`);
    await creating.getByRole("button", { name: "Add channel" }).click();
    await expect(creating.getByRole("status")).toContainText("Channel created");

    const channel = page.getByRole("form", { name: `Channel ${name}` });
    await channel.getByRole("button", { name: "Send test" }).click();
    await expect(channel.getByRole("status")).toContainText("Test delivered");
    expect(received.some((message) => message.body.includes("this channel works"))).toBe(true);

    const rule = page.getByRole("form", { name: "Exchange failed or rejected" });
    await rule.getByRole("checkbox", { name }).check();
    await rule.getByRole("button", { name: "Save rule" }).click();
    await expect(rule.getByRole("status")).toContainText("Saved");

    const firing = async () =>
      Number(
        (await page
          .getByTestId("firing-alerts")
          .textContent({ timeout: 1_000 })
          .catch(() => "0")) || 0,
      );
    const before = await firing();
    const exchangeId = exchangeIdOf();
    await deliver(request, "banking", exchangeCallbackPayload({ callbackId: unique("failed-"), exchangeId, status: "Failed" }));
    await expect.poll(() => received.filter((message) => message.body.includes(`#${exchangeId}`)).length, { timeout: 30_000 }).toBe(1);
    // The navigation's count follows without a reload.
    await expect.poll(firing, { timeout: 15_000 }).toBeGreaterThan(before);
    const message = JSON.parse(received.find((one) => one.body.includes(`#${exchangeId}`))?.body ?? "{}") as { text: string };
    expect(message.text).toContain("*Alert: Exchange failed or rejected*");
    expect(message.text).toMatch(/\/alerts\/\d+\|Open the alert/);

    // Unrouted again, so later specs' failed exchanges do not call a receiver that is gone.
    await page.reload();
    await page.getByRole("form", { name: "Exchange failed or rejected" }).getByRole("checkbox", { name }).uncheck();
    await page.getByRole("form", { name: "Exchange failed or rejected" }).getByRole("button", { name: "Save rule" }).click();
    await page
      .getByRole("form", { name: `Channel ${name}` })
      .getByRole("button", { name: "Delete" })
      .click();
    await expect(page.getByRole("form", { name: `Channel ${name}` })).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
