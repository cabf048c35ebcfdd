import { expect, type Locator, type Page } from "@playwright/test";
import { restAsDevice, type StackData } from "./feed-page";

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

/** A heartbeat as the device sends it: an upsert of its own device_status row over REST. */
export async function heartbeat(stack: StackData, deviceUuid: string) {
  await restAsDevice(
    stack,
    deviceUuid,
    "device_status?on_conflict=device_uuid",
    {
      device_uuid: deviceUuid,
      last_heartbeat_at: new Date().toISOString(),
      ip: "10.8.0.10",
      vpn_state: "connected",
      source: "vpn",
      country: "DE",
    },
    "resolution=merge-duplicates,return=minimal",
  );
}
