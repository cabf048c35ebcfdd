import { describe, expect, it } from "vitest";
import { moveTab, tabHref, type WorkspaceTab } from "./index";

const WS = "0b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d01";
const tab = (id: string, filter: Record<string, unknown> = {}): WorkspaceTab => ({
  id,
  title: id,
  position: 0,
  filter,
});

describe("workspace tabs", () => {
  it("opens a tab's saved filter as the feed's URL within the workspace, naming the tab", () => {
    const TAB = "5b0c9a8d-7e6f-4a3b-8c2d-1e0f9a8b7c6d";
    expect(
      tabHref(WS, tab(TAB, { hosts: ["api.stripe.com"], search: "/v1", statuses: ["5xx", "4xx"], methods: ["POST"] })),
    ).toBe(`/feed?workspace=${WS}&hosts=api.stripe.com&q=%2Fv1&status=4xx%2C5xx&methods=POST&tab=${TAB}`);
    expect(tabHref(WS, tab(TAB))).toBe(`/feed?workspace=${WS}&tab=${TAB}`);
  });

  it("moves a tab one place, keeping every id once", () => {
    const tabs = [tab("a"), tab("b"), tab("c")];
    expect(moveTab(tabs, "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveTab(tabs, "c", 1)).toEqual(["a", "b", "c"]);
  });
});
