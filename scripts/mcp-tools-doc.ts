import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { toolsMarkdown } from "@/lib/mcp/tool-docs";

/**
 * Writes docs/mcp-tools.md from the operations registry: `npx tsx scripts/mcp-tools-doc.ts`.
 * With --check it only says whether the file is current (exit 1 when not).
 */
const target = path.resolve(import.meta.dirname, "..", "docs", "mcp-tools.md");
const markdown = toolsMarkdown();

if (process.argv.includes("--check")) {
  const current = (() => {
    try {
      return readFileSync(target, "utf8");
    } catch {
      return "";
    }
  })();
  if (current !== markdown) {
    console.error("docs/mcp-tools.md is out of date: run npx tsx scripts/mcp-tools-doc.ts");
    process.exit(1);
  }
  console.log("docs/mcp-tools.md is current.");
} else {
  writeFileSync(target, markdown);
  console.log(`Wrote ${path.relative(process.cwd(), target)} (${markdown.length} characters).`);
}
