import { existsSync } from "node:fs";
import { chown, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@/lib/embedded/ports";
import { acquireHomeLock, AlreadyRunningError, type HomeLock } from "@/lib/embedded/home-lock";
import { localEnvPath, parseEnvFile } from "@/lib/embedded/local-env";
import { processAlive, startPostgres, stopLeftoverServer, type RunningPostgres } from "@/lib/embedded/postgres";
import { CliError } from "../errors";

/** The repository the CLI runs from: migrations and the default home are relative to it. */
export const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** BUSYMATE_HOME as `npm start` resolves it (relative to the project), or --home. */
export function resolveHome(option: string | undefined): string {
  return path.resolve(PROJECT_DIR, option ?? process.env.BUSYMATE_HOME ?? ".busymate");
}

export const dataDirOf = (home: string) => path.join(home, "postgres");

/** The pid of the app running on `home`, if one is. */
export async function runningApp(home: string): Promise<number | null> {
  const holder = Number((await readFile(path.join(home, "busymate.pid"), "utf8").catch(() => "")).trim());
  return holder && holder !== process.pid && processAlive(holder) ? holder : null;
}

export async function readLocalEnv(home: string): Promise<Record<string, string> | null> {
  const file = localEnvPath(home);
  return existsSync(file) ? parseEnvFile(await readFile(file, "utf8")) : null;
}

export function runningError(home: string, pid: number): CliError {
  return new CliError(
    `Busymate is running on BUSYMATE_HOME=${home} (pid ${pid}): stop it first (Ctrl-C in its terminal), then run restore again.`,
  );
}

/**
 * The home's database, for as long as `work` runs: the running app's server when there is one
 * (backup only), else the home's own cluster started on a free port under the home lock, so
 * `npm start` cannot start on it meanwhile.
 */
export async function withHomeDatabase<T>(
  home: string,
  { allowRunning }: { allowRunning: boolean },
  work: (db: { url: string; dataDir: string; running: boolean }) => Promise<T>,
): Promise<T> {
  const dataDir = dataDirOf(home);
  const pid = await runningApp(home);
  const env = await readLocalEnv(home);
  if (pid !== null) {
    if (!allowRunning) throw runningError(home, pid);
    if (!env?.DATABASE_URL) throw new CliError(`The app on ${home} is running but its local.env names no database.`);
    return work({ url: env.DATABASE_URL, dataDir, running: true });
  }
  if (!existsSync(path.join(dataDir, "PG_VERSION")) || !env?.BUSYMATE_DB_PASSWORD) {
    throw new CliError(`No Busymate database in ${home} (run \`npm start\` once, or point --home at one).`);
  }
  let lock: HomeLock;
  try {
    lock = await acquireHomeLock(home);
  } catch (error) {
    if (error instanceof AlreadyRunningError) throw new CliError(error.message);
    throw error;
  }
  let postgres: RunningPostgres | undefined;
  try {
    await stopLeftoverServer(dataDir);
    postgres = await startPostgres({ dataDir, port: await freePort(), password: env.BUSYMATE_DB_PASSWORD });
    return await work({ url: postgres.url, dataDir, running: false });
  } finally {
    await postgres?.stop();
    await lock.release();
  }
}

/**
 * Server-side COPY reads and writes files as the PostgreSQL server's user, which is the
 * `postgres` system user when we run as root: hand it the exchange directory.
 */
export async function shareWithServer(file: string, dataDir: string): Promise<void> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return;
  const owner = await stat(dataDir);
  await chown(file, owner.uid, owner.gid);
}
