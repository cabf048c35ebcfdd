import { expect, type Locator, type Page } from "@playwright/test";

/** BusyBro's agents at /agents: a list and the chosen agent's editor. */
export class AgentsPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/agents${query}`);
    await expect(this.page.getByRole("heading", { name: "BusyBro agents", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  listItem(slug: string): Locator {
    return this.page.locator(`[data-agent="${slug}"]`);
  }

  editor(slug?: string): Locator {
    return this.page.getByRole("form", { name: slug ? `Edit agent ${slug}` : "New agent" });
  }

  async create(slug: string, label: string, instructions: string) {
    await this.page.getByRole("button", { name: "New agent" }).click();
    const form = this.editor();
    await form.getByLabel("Slug").fill(slug);
    await form.getByLabel("Label").fill(label);
    await form.getByLabel("Instructions (Markdown)").fill(instructions);
    await form.getByRole("button", { name: "Create agent" }).click();
    await expect(this.editor(slug)).toBeVisible();
  }

  async select(slug: string) {
    await this.listItem(slug).click();
  }

  preview(): Locator {
    return this.page.getByTestId("instructions-preview");
  }

  async delete(slug: string) {
    await this.page.getByRole("button", { name: `Delete agent ${slug}` }).click();
    await this.page.getByRole("button", { name: "Confirm delete" }).click();
  }

  confirmText(slug: string): Locator {
    return this.page.getByRole("group", { name: `Confirm: Delete agent ${slug}` });
  }
}
