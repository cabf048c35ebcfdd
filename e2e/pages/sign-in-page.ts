import { expect, type Page } from "@playwright/test";

/** /sign-in: email, password, and where the person goes afterwards. */
export class SignInPage {
  constructor(readonly page: Page) {}

  async open(next?: string) {
    await this.page.goto(next ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in");
    await expect(this.page.getByRole("heading", { name: "Sign in to Busymate" })).toBeVisible();
  }

  async expectShown(next?: string) {
    await expect(this.page.getByRole("heading", { name: "Sign in to Busymate" })).toBeVisible();
    if (next !== undefined) expect(new URL(this.page.url()).searchParams.get("next")).toBe(next);
  }

  async signIn(email: string, password: string) {
    await this.page.getByLabel("Email").fill(email);
    await this.page.getByLabel("Password").fill(password);
    await this.page.getByRole("button", { name: "Sign in" }).click();
  }

  error() {
    return this.page.getByTestId("sign-in-error");
  }
}
