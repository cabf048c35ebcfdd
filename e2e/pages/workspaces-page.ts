import { expect, type Locator, type Page } from "@playwright/test";

/** Workspaces at /workspaces: a list and the chosen workspace's devices and tabs. */
export class WorkspacesPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/workspaces${query}`);
    await expect(this.page.getByRole("heading", { name: "Workspaces", level: 1 })).toBeVisible();
  }

  listItem(name: string): Locator {
    return this.page.locator(`[data-workspace="${name}"]`);
  }

  editor(name?: string): Locator {
    return this.page.getByRole("form", { name: name ? `Edit workspace ${name}` : "New workspace" });
  }

  async create(name: string, deviceNames: string[]) {
    await this.page.getByRole("button", { name: "New workspace" }).click();
    const form = this.editor();
    await form.getByLabel("Name").fill(name);
    for (const device of deviceNames) await form.getByLabel(device).check();
    await form.getByRole("button", { name: "Create workspace" }).click();
    await expect(this.editor(name)).toBeVisible();
  }

  async addTab(title: string, filter: { search?: string; hosts?: string }) {
    const form = this.page.getByRole("form", { name: "Add a tab" });
    await form.getByLabel("Tab title").fill(title);
    if (filter.search) await form.getByLabel("Search text").fill(filter.search);
    if (filter.hosts) await form.getByLabel("Hosts (comma-separated)").fill(filter.hosts);
    await form.getByRole("button", { name: "Add tab" }).click();
    await expect(this.tabs().filter({ hasText: title })).toHaveCount(1);
  }

  tabs(): Locator {
    return this.page.getByTestId("workspace-tabs").locator("li");
  }
}
