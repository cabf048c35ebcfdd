import { expect, type Locator, type Page } from "@playwright/test";

/** /settings: global defaults and a device's overrides side by side, with the effective settings. */
export class SettingsPage {
  constructor(readonly page: Page) {}

  async open(device?: string) {
    await this.page.goto(device ? `/settings?device=${device}` : "/settings");
    await expect(this.page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  global(): Locator {
    return this.page.getByRole("form", { name: "Global defaults" });
  }

  device(): Locator {
    return this.page.getByRole("form", { name: "This device's overrides" });
  }

  effective(): Locator {
    return this.page.getByTestId("effective-settings");
  }

  /** The JSON tree folds nested values; unfold all to read them. */
  async expandEffective() {
    await this.effective().getByRole("button", { name: "Expand all" }).click();
  }

  async override(section: "Breakpoints" | "Environment variables" | "SSL-proxy service groups") {
    await this.device()
      .getByRole("group", { name: new RegExp(`^${section}`) })
      .getByLabel("Override global")
      .check();
  }

  retention(): Locator {
    return this.page.getByRole("form", { name: "Retention" });
  }

  retentionEstimate(): Locator {
    return this.page.getByTestId("retention-estimate");
  }
}
