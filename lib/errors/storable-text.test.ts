import { describe, expect, it } from "vitest";
import { findUnstorableText, unstorableReason } from "./storable-text";

describe("text PostgreSQL cannot store", () => {
  it("names NUL and unpaired surrogates, and passes everything else", () => {
    expect(unstorableReason("a\u0000b")).toMatch(/NUL/);
    expect(unstorableReason("\ud800")).toMatch(/surrogate/);
    expect(unstorableReason("x\udfffy")).toMatch(/surrogate/);
    expect(unstorableReason("😀 é ‮ \ufeff")).toBeUndefined();
  });

  it("names the field as a dotted path, keys included", () => {
    expect(findUnstorableText({ name: "admin\u0000" })).toMatchObject({ code: "VALIDATION_FAILED", field: "name" });
    expect(findUnstorableText({ rules: [{ pattern: "ok" }, { pattern: "\ud83d" }] })).toMatchObject({
      field: "rules.1.pattern",
    });
    expect(findUnstorableText({ headers: { "x-\u0000": "v" } })).toMatchObject({ field: "headers.x-\u0000" });
    expect(findUnstorableText({ name: "fine", tags: ["a", "b"] })).toBeUndefined();
  });

  it("walks values nested deeper than a recursive walk could", () => {
    let deep: unknown = "bottom\u0000";
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.code).toBe("VALIDATION_FAILED");
  });
});
