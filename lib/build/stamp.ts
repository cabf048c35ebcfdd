import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * What a production build records about itself in `.next/busymate-build.json`: the hash
 * of the sources it was built from (so a start can tell a stale build) and the release
 * facts `/api/version` reports. The version itself comes only from `version.json`.
 */
export interface BuildStamp {
  version: string;
  commit: string;
  builtAt: string;
  sourceHash: string;
}

export const STAMP_FILE = "busymate-build.json";

export function stampPath(projectDir: string): string {
  return path.join(projectDir, ".next", STAMP_FILE);
}

export function readStamp(projectDir: string): BuildStamp | undefined {
  try {
    return JSON.parse(readFileSync(stampPath(projectDir), "utf8")) as BuildStamp;
  } catch {
    return undefined;
  }
}

export function readVersionFile(projectDir: string): { version: string } {
  return JSON.parse(readFileSync(path.join(projectDir, "version.json"), "utf8")) as { version: string };
}
