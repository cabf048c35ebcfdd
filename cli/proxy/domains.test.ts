import { describe, expect, it } from "vitest";
import { DomainMatcher } from "./domains";

describe("DomainMatcher", () => {
  it("reads exact hosts, *. subdomains and in-label wildcards as the service groups mean them", () => {
    const matcher = new DomainMatcher(["api.example.com", "*.shop.test", "api-*.example.co.uk", "localhost"]);
    expect(matcher.matches("api.example.com")).toBe(true);
    expect(matcher.matches("API.Example.com.")).toBe(true);
    expect(matcher.matches("www.example.com")).toBe(false);
    expect(matcher.matches("a.shop.test")).toBe(true);
    expect(matcher.matches("a.b.shop.test")).toBe(true);
    expect(matcher.matches("shop.test")).toBe(false);
    expect(matcher.matches("evilshop.test")).toBe(false);
    expect(matcher.matches("api-eu.example.co.uk")).toBe(true);
    expect(matcher.matches("api-eu.x.example.co.uk")).toBe(false);
    expect(matcher.matches("localhost")).toBe(true);
    expect(matcher.matches(undefined)).toBe(false);
  });

  it("applies a new list at once", () => {
    const matcher = new DomainMatcher(["a.test"]);
    matcher.set(["b.test"]);
    expect([matcher.matches("a.test"), matcher.matches("b.test")]).toEqual([false, true]);
  });
});
