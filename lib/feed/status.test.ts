import { describe, expect, it } from "vitest";
import { statusClassOf, statusLabel, statusTone } from "./status";

describe("status classes", () => {
  it("classifies codes and missing responses", () => {
    expect([100, 204, 304, 404, 503].map(statusClassOf)).toEqual(["1xx", "2xx", "3xx", "4xx", "5xx"]);
    expect(statusClassOf(null)).toBe("failed");
    expect(statusClassOf(999)).toBe("failed");
  });

  it("colours errors apart from successes, in both themes", () => {
    expect(statusTone(200)).toContain("emerald");
    expect(statusTone(404)).toContain("amber");
    expect(statusTone(500)).toContain("red");
    expect(statusTone(null)).toBe(statusTone(500));
    for (const code of [101, 200, 301, 404, 500]) expect(statusTone(code)).toMatch(/dark:/);
  });

  it("labels a failed capture", () => {
    expect(statusLabel(null)).toBe("failed");
    expect(statusLabel(201)).toBe("201");
  });
});
