import { expect, test } from "@playwright/test";
import { crmRejectPayload } from "@/tooling/testing/payloads";
import { deliver, unique } from "./fixtures/deliver";
import { e2eServer } from "./fixtures/server";
import { createStaffThroughAdminScreen, loggedInPage } from "./fixtures/staff";

test.describe("without logging in", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  for (const path of [
    "/",
    "/prop-trading/rejected?user=x",
    "/exchanges",
    "/exchanges/11669",
    "/deliveries",
    "/admin/users",
    "/admin/audit",
  ]) {
    test(`${path} leads to the login page`, async ({ page }) => {
      await page.goto(path);
      await expect(page).toHaveURL(/\/login\?next=/);
      expect(new URL(page.url()).searchParams.get("next")).toBe(path);
      await expect(page.getByRole("button", { name: "Log in" })).toBeVisible();
    });
  }

  test("data and export routes answer 401", async ({ request }) => {
    for (const path of ["/api/exchanges", "/api/prop-trading/rejected/export", "/api/deliveries"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(401);
    }
  });

  test("after logging in, the user lands where they were going — and never on another site", async ({ page }) => {
    await page.goto("/exchanges?rfi=true");
    await page.getByLabel("E-mail").fill(e2eServer.admin.email);
    await page.getByLabel("Password").fill(e2eServer.admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page).toHaveURL(/\/exchanges\?rfi=true$/);

    await page.context().clearCookies();
    await page.goto("/login?next=//evil.example/steal");
    await page.getByLabel("E-mail").fill(e2eServer.admin.email);
    await page.getByLabel("Password").fill(e2eServer.admin.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(e2eServer.baseURL);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(e2eServer.admin.email);
    await page.getByLabel("Password").fill("not-the-password-at-all");
    await page.getByRole("button", { name: "Log in" }).click();
    await expect(page.locator("#login-error")).toHaveText("That e-mail and password do not match an active account.");
  });
});

test("log in, browse, log out", async ({ page, browser }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const viewerPage = await loggedInPage(browser, viewer);
  await viewerPage.getByRole("link", { name: "Exchanges", exact: true }).click();
  await expect(viewerPage.getByRole("heading", { name: "Exchanges", exact: true })).toBeVisible();
  await viewerPage.getByRole("button", { name: "Log out" }).click();
  await expect(viewerPage).toHaveURL(/\/login/);
  await viewerPage.goto("/exchanges");
  await expect(viewerPage).toHaveURL(/\/login\?next=%2Fexchanges/);
});

test("a viewer cannot reach the admin screens or run their actions, even by a direct request", async ({ page, browser }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const target = await createStaffThroughAdminScreen(page, "viewer");
  const viewerPage = await loggedInPage(browser, viewer);
  await expect(viewerPage.getByRole("link", { name: "Users" })).toHaveCount(0);
  await viewerPage.goto("/admin/users");
  await expect(viewerPage.getByRole("heading", { name: "Administrators only" })).toBeVisible();
  await viewerPage.goto("/admin/audit");
  await expect(viewerPage.getByRole("heading", { name: "Administrators only" })).toBeVisible();

  // Record the administrator's "make administrator" request for the target account…
  await page.goto("/admin/users");
  const row = page.getByRole("row").filter({ hasText: target.email });
  const [action] = await Promise.all([
    page.waitForRequest((request) => request.method() === "POST" && request.headers()["next-action"] !== undefined),
    row.getByRole("button", { name: "Make administrator" }).click(),
  ]);
  await expect(row).toContainText("admin");
  await row.getByRole("button", { name: "Make viewer" }).click();
  await expect(row.getByRole("button", { name: "Make administrator" })).toBeVisible();

  // …and replay it with the viewer's session: refused, nothing changes.
  const replay = await viewerPage.request.post(action.url(), { headers: action.headers(), data: action.postDataBuffer() ?? undefined });
  expect(await replay.text()).toContain("Only administrators can manage users.");
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: target.email })).toContainText("viewer");
});

test("an export is audited with its list, filters and row count", async ({ page, browser, request }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const user = unique("audited-");
  await deliver(request, "crm", crmRejectPayload({ id: unique("rq-"), userId: user }));
  await deliver(request, "crm", crmRejectPayload({ id: unique("rq-"), userId: user }));
  const viewerPage = await loggedInPage(browser, viewer);
  await viewerPage.goto(`/prop-trading/rejected?user=${user}`);
  const [download] = await Promise.all([viewerPage.waitForEvent("download"), viewerPage.getByRole("link", { name: /Export CSV/ }).click()]);
  await download.path();

  await page.goto("/admin/audit?action=export");
  const entry = page.getByRole("row").filter({ hasText: viewer.email }).first();
  await expect(entry).toContainText(`list: rejected-prop-trading`);
  await expect(entry).toContainText(`"user":"${user}"`);
  await expect(entry).toContainText("rows: 2");
});

test("the export link carries the filters the list applied, not a malformed one it ignored", async ({ page }) => {
  const user = unique("linked-");
  await page.goto(`/prop-trading/rejected?user=${user}&to=10000-01-01&stage=paper`);
  const href = (await page.getByRole("link", { name: /Export CSV/ }).getAttribute("href")) ?? "";
  const params = new URL(href, e2eServer.baseURL).searchParams;
  expect(params.get("user")).toBe(user);
  expect(params.has("to")).toBe(false);
  expect(params.has("stage")).toBe(false);
  const response = await page.request.get(href);
  expect(response.status()).toBe(200);
  // Asked directly, the same malformed filter is refused before any byte of a file.
  const refused = await page.request.get(`/api/prop-trading/rejected/export?user=${user}&to=10000-01-01`);
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ error: "invalid_query", problems: [{ param: "to" }] });
});

test("pages carry a nonce-based content security policy and refuse framing", async ({ page }) => {
  const response = await page.goto("/exchanges");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
});

test("the audit log filters by action, who and day, in the URL, and exports exactly what it shows", async ({ page, browser }) => {
  const viewer = await createStaffThroughAdminScreen(page, "viewer");
  const viewerPage = await loggedInPage(browser, viewer);
  await page.goto("/admin/audit");
  await page.getByLabel("Action").selectOption("login.success");
  await expect(page).toHaveURL(/action=login\.success/);
  await page.getByLabel("Who (part of the e-mail)").fill(viewer.email.split("@")[0] as string);
  await page.getByLabel("Who (part of the e-mail)").press("Enter");
  await expect(page).toHaveURL(/user=/);
  const rows = page.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(viewer.email);
  await expect(rows.first()).toContainText("login.success");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Export CSV/ }).click()]);
  const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString("utf8");
  const lines = text.trim().split("\n");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(viewer.email);
  expect(lines[1]).toContain("login.success");
  // Not for viewers, whichever door they try.
  expect((await viewerPage.request.get("/api/admin/audit")).status()).toBe(403);
  expect((await viewerPage.request.get("/api/admin/audit/export")).status()).toBe(403);
  await viewerPage.context().close();
});
