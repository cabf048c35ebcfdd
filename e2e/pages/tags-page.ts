import { expect, type Locator, type Page } from "@playwright/test";

/** The tags at /tags: one row per tag with its capture count, editable with tags:edit. */
export class TagsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/tags");
    await expect(this.page.getByRole("heading", { name: "Tags", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  row(name: string): Locator {
    return this.page
      .locator("tr[data-tag]")
      .filter({ has: this.page.getByTestId("tag-name").getByText(name, { exact: true }) });
  }

  count(name: string): Locator {
    return this.row(name).getByTestId("tag-count");
  }

  createForm(): Locator {
    return this.page.getByRole("form", { name: "New tag" });
  }

  async create(name: string) {
    await this.createForm().getByLabel("Name").fill(name);
    await this.createForm().getByRole("button", { name: "Create tag" }).click();
    await expect(this.row(name)).toBeVisible();
  }

  async startEdit(name: string): Promise<Locator> {
    await this.page.getByRole("button", { name: `Edit tag ${name}` }).click();
    return this.page.getByRole("form", { name: `Edit tag ${name}` });
  }

  async rename(from: string, to: string) {
    const form = await this.startEdit(from);
    await form.getByLabel("Tag name").fill(to);
    await form.getByLabel("Tag name").press("Enter");
  }

  async delete(name: string) {
    await this.page.getByRole("button", { name: `Delete tag ${name}` }).click();
    const confirm = this.page.getByRole("group", { name: `Confirm: Delete tag ${name}` });
    await confirm.getByRole("button", { name: "Confirm delete" }).click();
  }

  confirmText(name: string): Locator {
    return this.page.getByRole("group", { name: `Confirm: Delete tag ${name}` });
  }
}
