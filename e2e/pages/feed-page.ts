import { expect, type Locator, type Page } from "@playwright/test";

/** The capture feed at /feed: filters, the live list, the status bar and the detail pane. */
export class FeedPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/feed${query}`);
    await expect(this.list().or(this.page.getByRole("status").filter({ hasText: /No captures/ }))).toBeVisible();
  }

  list(): Locator {
    return this.page.getByTestId("feed-list");
  }

  rows(): Locator {
    return this.list().getByRole("option");
  }

  row(id: number): Locator {
    return this.list().locator(`[data-entry-id="${id}"]`);
  }

  total(): Locator {
    return this.page.getByTestId("feed-total");
  }

  async expectTotal(n: number) {
    await expect(this.total()).toHaveText(`${n.toLocaleString("en-US")} ${n === 1 ? "capture" : "captures"}`);
  }

  /** Waits until the Broadcast channels are joined, so a capture sent now is pushed here. */
  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  async search(text: string) {
    await this.page.getByTestId("feed-search").fill(text);
    await this.page.getByTestId("feed-search").press("Enter");
  }

  detail(): Locator {
    return this.page.getByTestId("entry-detail");
  }

  async openTab(name: "Request" | "Response" | "Timing & connection") {
    await this.detail().getByRole("tab", { name }).click();
  }

  curlCommand(): Locator {
    return this.detail().getByTestId("curl-command");
  }

  importDialog(): Locator {
    return this.page.getByRole("dialog", { name: "Import a HAR file" });
  }

  /** Opens Import HAR…, chooses the device and the file, and starts the upload. */
  async importHar(deviceName: string, file: string) {
    await this.page.getByRole("button", { name: "Import HAR…" }).click();
    const dialog = this.importDialog();
    await dialog.getByLabel("Device").selectOption({ label: deviceName });
    await dialog.getByLabel("HAR file", { exact: true }).setInputFiles(file);
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
  }

  async chooseImportFile(file: string) {
    await this.importDialog().getByLabel("HAR file", { exact: true }).setInputFiles(file);
  }

  async closeImport() {
    await this.importDialog().getByRole("button", { name: "Close" }).click();
  }

  /** Clicks Export HAR and resolves with the downloaded file's path. */
  async exportHar(): Promise<string> {
    const [download] = await Promise.all([
      this.page.waitForEvent("download"),
      this.page.getByRole("button", { name: "Export HAR" }).click(),
    ]);
    return (await download.path())!;
  }
}
