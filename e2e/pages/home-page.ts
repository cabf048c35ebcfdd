import { expect, type Page } from "@playwright/test";

/** The public home page: product name, what it is, and this instance's status. */
export class HomePage {
  constructor(private readonly page: Page) {}

  async open() {
    await this.page.goto("/");
  }

  heading() {
    return this.page.getByRole("heading", { level: 1 });
  }

  async expectReady() {
    await expect(this.page.getByRole("heading", { name: "This instance" })).toBeVisible();
    await expect(this.page.getByText("Ready", { exact: true })).toBeVisible();
  }

  surfaceUrl(name: string) {
    return this.page
      .getByRole("row")
      .filter({ has: this.page.getByRole("cell", { name, exact: true }) })
      .getByRole("cell")
      .nth(1);
  }
}
