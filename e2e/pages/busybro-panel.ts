import { expect, type Locator, type Page } from "@playwright/test";

/** BusyBro's chat panel, on any dashboard page. */
export class BusyBroPanel {
  constructor(readonly page: Page) {}

  panel(): Locator {
    return this.page.getByRole("complementary", { name: "BusyBro" });
  }

  async openWithShortcut() {
    await expect(this.page.getByRole("button", { name: "Ask BusyBro" })).toHaveAttribute("data-ready", "true");
    await this.page.keyboard.press("Control+j");
    await expect(this.panel()).toBeVisible();
  }

  async ask(question: string) {
    await this.panel().getByLabel("Your question").fill(question);
    await this.panel().getByLabel("Your question").press("Enter");
  }

  turns(): Locator {
    return this.panel().getByTestId("busybro-turn");
  }

  lastTurn(): Locator {
    return this.turns().last();
  }

  async stop() {
    await this.panel().getByRole("button", { name: "Stop" }).click();
  }
}
