import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPERATIONS } from "@/lib/operations";
import { toolsMarkdown, toolsSummary } from "./tool-docs";

describe("the tool catalogue", () => {
  it("docs/mcp-tools.md is what the registry generates (run npx tsx scripts/mcp-tools-doc.ts after changing an operation)", () => {
    const file = readFileSync(path.resolve(import.meta.dirname, "..", "..", "docs", "mcp-tools.md"), "utf8");
    expect(file).toBe(toolsMarkdown());
  });

  it("documents every tool with an example call that is valid input", () => {
    const markdown = toolsMarkdown();
    for (const operation of OPERATIONS) {
      expect(markdown).toContain(`### \`${operation.name}\``);
      expect(markdown).toContain(JSON.stringify({ name: operation.name, arguments: operation.example }));
      expect(operation.input.safeParse(operation.example).success).toBe(true);
    }
    expect(toolsSummary()).toHaveLength(OPERATIONS.length);
  });
});
