import { expect, type Page } from "@playwright/test";

/** /account → Telegram: link, linked status, unlink, notification toggles. */
export class TelegramSection {
  constructor(readonly page: Page) {}

  section() {
    return this.page.getByTestId("telegram-section");
  }

  async open() {
    await this.page.goto("/account");
    await expect(this.section().getByRole("heading", { name: "Telegram" })).toBeVisible();
  }

  /** Starts a link and returns the deep link's href. */
  async startLink({ readWrite }: { readWrite: boolean }): Promise<string> {
    if (readWrite)
      await this.section()
        .getByLabel(/Let the chat make changes/)
        .check();
    await this.section().getByRole("button", { name: "Link Telegram" }).click();
    const link = this.page.getByTestId("telegram-code").getByRole("link");
    await expect(link).toBeVisible();
    return (await link.getAttribute("href")) ?? "";
  }

  linked() {
    return this.page.getByTestId("telegram-linked");
  }

  notice(label: RegExp) {
    return this.section().getByLabel(label);
  }

  async unlink() {
    await this.linked().getByRole("button", { name: "Unlink" }).click();
    await expect(this.section().getByRole("button", { name: "Link Telegram" })).toBeVisible();
  }
}
