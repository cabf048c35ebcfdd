import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A generated file's script: writes `content` to `file`, or with --check only says whether the
 * committed file is current (exit 1 when not, naming the command that regenerates it).
 */
export function writeOrCheck(file: string, content: string, regenerate: string): void {
  const relative = path.relative(process.cwd(), file);
  if (!process.argv.includes("--check")) {
    writeFileSync(file, content);
    console.log(`Wrote ${relative} (${content.length} characters).`);
    return;
  }
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {
    // Missing counts as out of date.
  }
  if (current !== content) {
    console.error(`${relative} is out of date: run ${regenerate}`);
    process.exit(1);
  }
  console.log(`${relative} is current.`);
}
