import { readFile } from "node:fs/promises";
import path from "node:path";
import { ConfigError, readLauncherConfig } from "@/lib/config";
import { applyMigrations } from "@/lib/db/migrations";
import { localEnvPath, parseEnvFile } from "@/lib/embedded/local-env";

/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (production), or to
 * the embedded database of BUSYMATE_HOME while `npm start` runs it.
 */
async function databaseUrl(): Promise<string> {
  const { loadEnvConfig } = await import("@next/env");
  loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });
  const config = readLauncherConfig(process.env);
  if (config.production) return config.production.DATABASE_URL;
  const file = localEnvPath(path.resolve(config.BUSYMATE_HOME));
  const env = parseEnvFile(await readFile(file, "utf8").catch(() => ""));
  if (!env.DATABASE_URL) {
    throw new ConfigError([`DATABASE_URL is not set and ${file} does not exist: set DATABASE_URL, or run \`npm start\` (which migrates the embedded database itself).`]);
  }
  return env.DATABASE_URL;
}

try {
  await applyMigrations(await databaseUrl(), process.cwd());
  console.log("Migrations applied.");
} catch (error) {
  console.error(error instanceof ConfigError ? error.problems.map((line) => `Configuration: ${line}`).join("\n") : `Migration failed: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}
