import { readStamp, readVersionFile } from "@/lib/build/stamp";

export interface VersionInfo {
  version: string;
  commit: string;
  builtAt: string;
}

const startedAt = new Date().toISOString();

/**
 * The release this server runs. `version.json` is the single source of the version; the
 * production build stamps the commit and build time beside it. A development server has
 * no build, so it reports its start time and no commit.
 */
export function versionInfo(projectDir = process.cwd()): VersionInfo {
  const { version } = readVersionFile(projectDir);
  const stamp = process.env.NODE_ENV === "production" ? readStamp(projectDir) : undefined;
  return { version, commit: stamp?.commit ?? "development", builtAt: stamp?.builtAt ?? startedAt };
}
