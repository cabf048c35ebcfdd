import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, feedHref, filterInput, filtersFromSearchParams, tabFromSearchParams } from "./filters";
import { filtersFromTab, matchesTab, moveId, suggestTabTitle, tabFilterOf } from "./tabs";

const WS = "0b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d01";
const D1 = "1b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d02";
const TAG = "2b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d03";
const TAB = "5b0c9a8d-7e6f-4a3b-8c2d-1e0f9a8b7c6d";

describe("workspace tabs as feed filters", () => {
  it("saves the current filter without the workspace and opens it back to the same filters", () => {
    const filters = {
      ...EMPTY_FILTERS,
      workspace: WS,
      devices: [D1],
      hosts: ["api.stripe.com"],
      q: "/v1",
      status: ["5xx" as const, "4xx" as const],
      methods: ["POST"],
      tags: [TAG],
    };
    const saved = tabFilterOf(filters);
    expect(saved).toEqual({
      devices: [D1],
      hosts: ["api.stripe.com"],
      search: "/v1",
      methods: ["POST"],
      statuses: ["4xx", "5xx"],
      tags: [TAG],
    });
    expect(filtersFromTab(WS, { ...saved })).toEqual({ ...filters, status: ["4xx", "5xx"] });
    expect(matchesTab(filters, WS, { ...saved })).toBe(true);
    expect(matchesTab({ ...filters, q: "/v2" }, WS, { ...saved })).toBe(false);
    expect(matchesTab({ ...filters, pinned: true }, WS, { ...saved })).toBe(false);
  });

  it("stores nothing for an unnarrowed view and drops bad saved fields", () => {
    expect(tabFilterOf({ ...EMPTY_FILTERS, workspace: WS })).toEqual({});
    expect(filtersFromTab(WS, { hosts: "not-a-list", statuses: ["9xx", "2xx"], search: 7, extra: true })).toEqual({
      ...EMPTY_FILTERS,
      workspace: WS,
      status: ["2xx"],
    });
  });

  it("names the tab in the URL beside its spelled-out filters, never as part of them", () => {
    const href = feedHref({ ...EMPTY_FILTERS, workspace: WS, hosts: ["api.stripe.com"] }, 12, "/feed", TAB);
    expect(href).toBe(`/feed?workspace=${WS}&hosts=api.stripe.com&tab=${TAB}&entry=12`);
    const params = new URLSearchParams(href.split("?")[1]);
    expect(tabFromSearchParams(params)).toBe(TAB);
    expect(filtersFromSearchParams(params).hosts).toEqual(["api.stripe.com"]);
    expect(tabFromSearchParams(new URLSearchParams("tab=nope"))).toBeNull();
    // Without a workspace a tab names nothing.
    expect(feedHref(EMPTY_FILTERS, null, "/feed", TAB)).toBe("/feed");
  });

  it("moves one id to a new place, clamped, keeping every id once", () => {
    const ids = ["a", "b", "c", "d"];
    expect(moveId(ids, 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(moveId(ids, 3, 0)).toEqual(["d", "a", "b", "c"]);
    expect(moveId(ids, 1, -5)).toEqual(["b", "a", "c", "d"]);
    expect(moveId(ids, 1, 99)).toEqual(["a", "c", "d", "b"]);
    expect(moveId(ids, 7, 0)).toEqual(ids);
  });

  it("suggests a short title from what narrows the view", () => {
    expect(suggestTabTitle({ ...EMPTY_FILTERS, hosts: ["a.com", "b.com"], status: ["5xx"] })).toBe("a.com +1 · 5xx");
    expect(suggestTabTitle(EMPTY_FILTERS)).toBe("All captures");
  });
});

describe("the pinned view", () => {
  it("lives in the URL only within a workspace and asks for pinned_only", () => {
    const pinned = filtersFromSearchParams(new URLSearchParams(`workspace=${WS}&pinned=1`));
    expect(pinned.pinned).toBe(true);
    expect(filterInput(pinned)).toEqual({ workspace_id: WS, pinned_only: true });
    expect(feedHref(pinned)).toBe(`/feed?workspace=${WS}&pinned=1`);
    expect(filtersFromSearchParams(new URLSearchParams("pinned=1")).pinned).toBe(false);
  });
});
