import { describe, expect, it } from "vitest";
import { hostMatches, matchesByPattern, parsePatternLines, patternProblem } from "./domains";

describe("service group domain patterns", () => {
  it("names what is wrong with a pattern, as the database would refuse it", () => {
    expect(patternProblem("api.stripe.com")).toBeNull();
    expect(patternProblem("*.Stripe.com")).toBeNull();
    expect(patternProblem("https://api.stripe.com")).toMatch(/^no scheme/);
    expect(patternProblem("api.stripe.com/v1")).toMatch(/^no path/);
    expect(patternProblem("api.stripe.com:443")).toMatch(/^no port/);
    expect(patternProblem("bad_host.com")).toMatch(/^not a domain/);
    expect(patternProblem("  ")).toMatch(/^empty/);
  });

  it("matches subdomains at any depth for *., a run within a label for other *", () => {
    expect(hostMatches("*.stripe.com", "api.stripe.com")).toBe(true);
    expect(hostMatches("*.stripe.com", "a.b.stripe.com")).toBe(true);
    expect(hostMatches("*.stripe.com", "stripe.com")).toBe(false);
    expect(hostMatches("*.stripe.com", "notstripe.com")).toBe(false);
    expect(hostMatches("api-*.acme.io", "api-eu.acme.io")).toBe(true);
    expect(hostMatches("api-*.acme.io", "api-eu.x.acme.io")).toBe(false);
    expect(hostMatches("API.stripe.com", "api.stripe.com")).toBe(true);
    expect(hostMatches("api.stripe.com", "apixstripe.com")).toBe(false);
  });

  it("previews each pattern's hosts and reads lines", () => {
    const hosts = ["api.stripe.com", "m.stripe.network", "example.org"];
    expect([...matchesByPattern(["*.stripe.com", "example.org"], hosts)]).toEqual([
      ["*.stripe.com", ["api.stripe.com"]],
      ["example.org", ["example.org"]],
    ]);
    expect(parsePatternLines(" A.com\n\nb.com, a.com ")).toEqual(["a.com", "b.com"]);
  });
});
