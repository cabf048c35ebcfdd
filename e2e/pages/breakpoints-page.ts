import { expect, type Locator, type Page } from "@playwright/test";

/** /breakpoints: held exchanges (live) with their editors, and the history below. */
export class BreakpointsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/breakpoints");
    await expect(this.page.getByRole("heading", { name: "Breakpoints", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  /** The held exchange whose heading (method and URL) contains `text`. */
  held(text: string): Locator {
    return this.page.getByRole("article").filter({ has: this.page.getByRole("heading", { name: text }) });
  }

  headerValue(card: Locator, name: string): Locator {
    return card.getByLabel(`${name} value`, { exact: true });
  }

  async addHeader(card: Locator, name: string, value: string) {
    await card.getByRole("button", { name: "Add header" }).click();
    const names = card.getByLabel(/^Header \d+ name$/);
    const last = names.last();
    await last.fill(name);
    await this.headerValue(card, name).fill(value);
  }

  body(card: Locator): Locator {
    return card.getByLabel(/^(Request|Response) body$/);
  }

  async resume(card: Locator, how: "Resume edited" | "Resume unchanged" | "Abort") {
    await card.getByRole("button", { name: how, exact: true }).click();
  }

  history(): Locator {
    return this.page.getByTestId("breakpoint-history");
  }
}
