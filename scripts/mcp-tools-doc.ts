import path from "node:path";
import { toolsMarkdown } from "@/lib/mcp/tool-docs";
import { writeOrCheck } from "./lib/generated-file";

/** Writes docs/mcp-tools.md from the operations registry: `npx tsx scripts/mcp-tools-doc.ts`; `--check` only compares. */
const target = path.resolve(import.meta.dirname, "..", "docs", "mcp-tools.md");
writeOrCheck(target, toolsMarkdown(), "npx tsx scripts/mcp-tools-doc.ts");
