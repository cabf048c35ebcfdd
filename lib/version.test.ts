import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

describe("release version", () => {
  it("package.json agrees with version.json, the single source", () => {
    expect(read("package.json").version).toBe(read("version.json").version);
  });

  it("version.json holds a semantic version", () => {
    expect(read("version.json").version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });
});
