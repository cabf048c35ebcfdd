import { expect, type Page } from "@playwright/test";

/** /account: the signed-in person and the applications they have authorised. */
export class AccountPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/account");
    await expect(this.page.getByRole("heading", { name: "Account" })).toBeVisible();
  }

  email() {
    return this.page.getByTestId("account-email");
  }

  client(name: string) {
    return this.page.getByRole("row").filter({ hasText: name });
  }

  async revoke(name: string) {
    await this.client(name).getByRole("button", { name: "Revoke" }).click();
    await expect(this.client(name)).toHaveCount(0);
  }
}
