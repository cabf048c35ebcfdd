import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page } from "@playwright/test";

/** The admin and monitoring pages: they only find and act. */

/** Serious or critical accessibility violations on the page as it stands. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export class RolesPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/roles");
    await expect(this.page.getByRole("heading", { name: "Roles", level: 1 })).toBeVisible();
  }

  async select(name: string) {
    await this.page
      .getByRole("navigation", { name: "Roles" })
      .getByRole("button", { name: new RegExp(`^${name}`) })
      .click();
    await expect(this.page.locator("#role-title")).toHaveText(name);
  }

  cell(section: string, action: "view" | "edit"): Locator {
    return this.page.getByRole("checkbox", { name: `${section}: ${action}` });
  }

  saved(): Locator {
    return this.page.getByRole("status").filter({ hasText: "Saved" });
  }
}

export class UsersPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/users");
    await expect(this.page.getByRole("heading", { name: "People", level: 1 })).toBeVisible();
  }

  row(email: string): Locator {
    return this.page.locator(`tr[data-email="${email}"]`);
  }

  roleSelect(email: string): Locator {
    return this.page.getByRole("combobox", { name: `Role of ${email}` });
  }

  /** Creates a person and answers the one-time password shown. */
  async create(email: string, roleName?: string): Promise<string> {
    const form = this.page.getByRole("region", { name: "Add a person" });
    await form.getByLabel("E-mail").fill(email);
    if (roleName) await form.getByLabel("Role").selectOption({ label: roleName });
    await form.getByRole("button", { name: "Add person" }).click();
    const password = this.page.getByTestId("password");
    await expect(password).toBeVisible();
    return (await password.textContent()) ?? "";
  }
}

export class AuditPage {
  constructor(readonly page: Page) {}

  async open(query = "") {
    await this.page.goto(`/audit${query}`);
    await expect(this.page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  }

  rows(): Locator {
    return this.page.getByTestId("audit-row");
  }
}

export class StatsPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/stats");
    await expect(this.page.getByRole("heading", { name: "Stats", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("stats-live")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  chart(title: string): Locator {
    return this.page.getByTestId(`chart-${title}`);
  }
}

export class StatusPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.goto("/status");
    await expect(this.page.getByRole("heading", { name: "Status", level: 1 })).toBeVisible();
  }

  async expectLive() {
    await expect(this.page.getByTestId("status-live")).toHaveAttribute("data-connection", "live", { timeout: 10_000 });
  }

  component(key: string): Locator {
    return this.page.getByTestId(`component-${key}`);
  }
}
