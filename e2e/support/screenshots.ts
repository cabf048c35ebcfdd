import type { Page } from "@playwright/test";

/**
 * The docs' screenshots come from the specs that already reach each page. A test run must not
 * change the working tree, so they land in test-results/ unless `BUSYMATE_DOC_SCREENSHOTS=1`
 * asks for the docs/ copies to be refreshed.
 */
export async function docScreenshot(page: Page, name: string): Promise<void> {
  const refresh = process.env.BUSYMATE_DOC_SCREENSHOTS === "1";
  const dir = refresh ? "docs/screenshots" : "test-results/screenshots";
  await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}
