// Logs the e2e administrator in once and keeps the browser state for the specs.
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { e2eServer } from "./fixtures/server";

setup("log in as the administrator", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(e2eServer.admin.email);
  await page.getByLabel("Password").fill(e2eServer.admin.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await page.context().storageState({ path: path.resolve(import.meta.dirname, "..", e2eServer.adminState) });
});
