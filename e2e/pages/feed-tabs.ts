import { expect, type Locator, type Page } from "@playwright/test";

/** The feed's workspace tab strip and the detail pane's Pin control: find and act only. */
export class FeedTabs {
  constructor(readonly page: Page) {}

  strip(): Locator {
    return this.page.getByRole("tablist", { name: "Workspace tabs" });
  }

  /** Waits until the strip follows workspace changes (postgres_changes joined). */
  async expectLive() {
    await expect(this.page.getByTestId("feed-tabs")).toHaveAttribute("data-live", "live", { timeout: 10_000 });
  }

  tabs(): Locator {
    return this.strip().getByRole("tab");
  }

  tab(name: string | RegExp): Locator {
    return this.strip().getByRole("tab", { name });
  }

  selected(): Locator {
    return this.strip().locator('[role="tab"][aria-selected="true"]');
  }

  async titles(): Promise<string[]> {
    return await this.strip()
      .locator("[data-tab-title]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-tab-title") ?? ""));
  }

  async saveAs(title: string) {
    await this.page.getByRole("button", { name: "Save as tab" }).click();
    const form = this.page.getByRole("form", { name: "Save as tab" });
    await form.getByRole("textbox", { name: "Tab name" }).fill(title);
    await form.getByRole("button", { name: "Save tab" }).click();
    await expect(this.tab(title)).toHaveAttribute("aria-selected", "true");
  }

  async rename(from: string, to: string) {
    await this.tab(from).click();
    await this.page.getByRole("button", { name: "Rename" }).click();
    const field = this.page.getByRole("textbox", { name: `New name for tab ${from}` });
    await field.fill(to);
    await field.press("Enter");
  }

  /** Alt+Arrow on the focused tab moves it one place. */
  async moveByKeyboard(title: string, direction: "left" | "right") {
    await this.tab(title).focus();
    await this.page.keyboard.press(direction === "left" ? "Alt+ArrowLeft" : "Alt+ArrowRight");
  }

  async dragOnto(title: string, target: string) {
    await this.tab(title).dragTo(this.tab(target));
  }

  async remove(title: string) {
    await this.tab(title).click();
    await this.page.getByRole("button", { name: `Remove tab ${title}` }).click();
    await this.page.getByRole("button", { name: "Confirm delete" }).click();
  }

  pinButton(): Locator {
    return this.page.getByTestId("entry-detail").getByRole("button", { name: /^(Pin|Unpin)$/ });
  }

  panel(): Locator {
    return this.page.getByRole("tabpanel");
  }
}
