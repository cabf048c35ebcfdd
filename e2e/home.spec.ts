import { expect, test } from "@playwright/test";
import { HomePage } from "./pages/home-page";

test("the home page shows Busymate's name and a ready instance", async ({ page, baseURL }) => {
  const home = new HomePage(page);
  await home.open();
  await expect(page).toHaveTitle("Busymate");
  await expect(home.heading()).toHaveText("Busymate");
  await home.expectReady();
  await expect(home.surfaceUrl("MCP")).toHaveText(`${baseURL}/mcp`);
});

test("the agent guide is one click away", async ({ page, baseURL }) => {
  const home = new HomePage(page);
  await home.open();
  await page.getByRole("link", { name: "/llms.txt" }).click();
  await expect(page).toHaveURL(`${baseURL}/llms.txt`);
  await expect(page.locator("body")).toContainText("# Busymate");
});
