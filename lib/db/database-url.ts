import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, readLauncherConfig } from "@/lib/config";
import { localEnvPath, parseEnvFile } from "@/lib/embedded/local-env";

/**
 * The database a maintenance script (migrate, seed) should use: DATABASE_URL in production,
 * otherwise the embedded database of BUSYMATE_HOME, which `npm start` must be running.
 */
export async function maintenanceDatabaseUrl(projectDir = process.cwd()): Promise<string> {
  const { loadEnvConfig } = await import("@next/env");
  loadEnvConfig(projectDir, false, { info: () => undefined, error: console.error });
  const config = readLauncherConfig(process.env);
  if (config.production) return config.production.DATABASE_URL;
  const file = localEnvPath(path.resolve(projectDir, config.BUSYMATE_HOME));
  const env = parseEnvFile(await readFile(file, "utf8").catch(() => ""));
  if (!env.DATABASE_URL) {
    throw new ConfigError([
      `DATABASE_URL is not set and ${file} does not exist: set DATABASE_URL, or start the embedded stack with \`npm start\` first.`,
    ]);
  }
  return env.DATABASE_URL;
}

/** Prints a failure the way the launcher does and exits: 2 for configuration, 1 otherwise. */
export function exitWithFailure(what: string, error: unknown): never {
  console.error(
    error instanceof ConfigError
      ? error.problems.map((line) => `Configuration: ${line}`).join("\n")
      : `${what} failed: ${(error as Error).message}`,
  );
  process.exit(error instanceof ConfigError ? 2 : 1);
}
