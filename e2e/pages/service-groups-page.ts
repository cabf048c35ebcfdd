import { expect, type Locator, type Page } from "@playwright/test";

/** Service groups at /service-groups: a list and the chosen group's editor. */
export class ServiceGroupsPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/service-groups${query}`);
    await expect(this.page.getByRole("heading", { name: "Service groups", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("live-state")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  listItem(name: string): Locator {
    return this.page.locator(`[data-group="${name}"]`);
  }

  editor(name?: string): Locator {
    return this.page.getByRole("form", { name: name ? `Edit service group ${name}` : "New service group" });
  }

  domains(form: Locator): Locator {
    return form.getByLabel("SSL-proxy domains (one a line)");
  }

  preview(pattern: string): Locator {
    return this.page.locator(`[data-pattern="${pattern}"]`);
  }

  async create(name: string, domains: string[]) {
    await this.page.getByRole("button", { name: "New group" }).click();
    const form = this.editor();
    await form.getByLabel("Name").fill(name);
    await this.domains(form).fill(domains.join("\n"));
    await form.getByRole("button", { name: "Create group" }).click();
    await expect(this.editor(name)).toBeVisible();
  }

  async link(agentLabel: string) {
    const form = this.page.getByRole("form", { name: "Link an agent" });
    await form.getByLabel("Link an agent").selectOption({ label: agentLabel });
    await form.getByRole("button", { name: "Link" }).click();
  }

  linked(): Locator {
    return this.page.getByTestId("group-agents").locator("li");
  }

  primaryRadio(label: string): Locator {
    return this.page.getByRole("radio", { name: `Primary: ${label}` });
  }
}
