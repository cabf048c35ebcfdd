import { describe, expect, it } from "vitest";
import {
  EMPTY_FILTERS,
  entryFromSearchParams,
  feedHref,
  filterInput,
  filtersFromSearchParams,
  filtersKey,
  filtersToSearchParams,
  hasActiveFilters,
  normaliseFilters,
} from "./filters";

const WS = "0b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d01";
const D1 = "1b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d02";
const D2 = "2b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d03";

describe("filters in the URL", () => {
  it("round-trips every filter through search params", () => {
    const filters = {
      workspace: WS,
      devices: [D2, D1],
      hosts: ["api.stripe.com", "auth.acme-shop.com"],
      q: "/v1/orders",
      status: ["5xx" as const, "4xx" as const],
      methods: ["POST", "GET"],
      tags: [D2.toUpperCase(), D1, D1],
      pinned: false,
    };
    const params = filtersToSearchParams(filters);
    expect(params.toString()).toBe(
      `workspace=${WS}&devices=${D1}%2C${D2}&hosts=api.stripe.com%2Cauth.acme-shop.com&q=%2Fv1%2Forders&status=4xx%2C5xx&methods=GET%2CPOST&tags=${D1}%2C${D2}`,
    );
    expect(filtersFromSearchParams(params)).toEqual(normaliseFilters(filters));
  });

  it("reads Next's searchParams object as well as URLSearchParams", () => {
    expect(
      filtersFromSearchParams({ hosts: "API.Stripe.com,api.stripe.com", q: ["  login ", "ignored"], status: "failed" }),
    ).toEqual({
      ...EMPTY_FILTERS,
      hosts: ["api.stripe.com"],
      q: "login",
      status: ["failed"],
    });
  });

  it("drops invalid items instead of refusing the whole link", () => {
    const filters = filtersFromSearchParams(
      new URLSearchParams(
        `workspace=nope&devices=${D1},not-a-uuid&hosts=a b,ok.example&status=2xx,7xx&methods=get,x y&tags=${D2},red`,
      ),
    );
    expect(filters).toEqual({
      ...EMPTY_FILTERS,
      tags: [D2],
      devices: [D1],
      hosts: ["ok.example"],
      status: ["2xx"],
      methods: ["GET"],
    });
  });

  it("gives the same key whatever order things were picked in", () => {
    expect(filtersKey({ ...EMPTY_FILTERS, methods: ["POST", "GET"], status: ["5xx", "2xx"] })).toBe(
      filtersKey({ ...EMPTY_FILTERS, methods: ["GET", "POST", "GET"], status: ["2xx", "5xx"] }),
    );
  });

  it("caps the search term", () => {
    expect(normaliseFilters({ q: "x".repeat(500) }).q).toHaveLength(200);
  });

  it("keeps the open entry beside the filters", () => {
    const href = feedHref({ ...EMPTY_FILTERS, hosts: ["a.example"] }, 42);
    expect(href).toBe("/feed?hosts=a.example&entry=42");
    expect(entryFromSearchParams(new URL(href, "http://x").searchParams)).toBe(42);
    expect(entryFromSearchParams({ entry: "0" })).toBeNull();
    expect(entryFromSearchParams({ entry: "12abc" })).toBeNull();
    expect(feedHref(EMPTY_FILTERS)).toBe("/feed");
  });

  it("knows when any filter is on", () => {
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
    expect(hasActiveFilters({ ...EMPTY_FILTERS, q: "a" })).toBe(true);
  });
});

describe("filters as operation input", () => {
  it("leaves empty filters out and maps classes to their numbers", () => {
    expect(filterInput(EMPTY_FILTERS)).toEqual({});
    expect(
      filterInput(normaliseFilters({ workspace: WS, status: ["failed", "2xx"], methods: ["GET"], q: "x", tags: [D1] })),
    ).toEqual({
      workspace_id: WS,
      query: "x",
      methods: ["GET"],
      status_classes: [2, 0],
      tag_ids: [D1],
    });
  });
});
