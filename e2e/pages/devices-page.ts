import { expect, type Locator, type Page } from "@playwright/test";

/** The fleet at /devices: one row per device with its live online state. */
export class DevicesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/devices");
    await expect(this.page.getByRole("heading", { name: "Devices" })).toBeVisible();
  }

  /** Waits until the page's postgres_changes subscription is joined. */
  async expectLive() {
    await expect(this.page.getByTestId("fleet-live")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  row(uuid: string): Locator {
    return this.page.locator(`tr[data-device="${uuid}"]`);
  }

  rows(): Locator {
    return this.page.getByTestId("devices-table").locator("tbody tr");
  }

  onlineState(uuid: string): Locator {
    return this.row(uuid).getByTestId("online-state");
  }

  async rename(uuid: string, from: string, to: string) {
    await this.row(uuid)
      .getByRole("button", { name: `Rename ${from}` })
      .click();
    const input = this.row(uuid).getByLabel("Device name");
    await input.fill(to);
    await input.press("Enter");
    await expect(this.row(uuid).getByTestId("device-name")).toHaveText(to);
  }
}
