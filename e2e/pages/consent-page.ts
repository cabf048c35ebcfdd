import { expect, type Page } from "@playwright/test";

/** /consent/<uid>: which application, where it returns to, read-only or read-write. */
export class ConsentPage {
  constructor(readonly page: Page) {}

  async expectShown() {
    await expect(this.page).toHaveURL(/\/consent\/[\w-]+$/);
    await expect(this.page.getByTestId("consent-client")).toBeVisible();
  }

  clientHeading() {
    return this.page.getByTestId("consent-client");
  }

  redirectHost() {
    return this.page.getByTestId("consent-redirect-host");
  }

  readOnly() {
    return this.page.getByRole("radio", { name: /Read-only/ });
  }

  readWrite() {
    return this.page.getByRole("radio", { name: /Read and write/ });
  }

  async allow() {
    await this.page.getByRole("button", { name: "Allow" }).click();
  }

  async deny() {
    await this.page.getByRole("button", { name: "Deny" }).click();
  }
}
