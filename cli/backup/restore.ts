import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, MIGRATIONS_DIR } from "@/lib/db/migrations";
import { acquireHomeLock, AlreadyRunningError, type HomeLock } from "@/lib/embedded/home-lock";
import { writeLocalEnv } from "@/lib/embedded/local-env";
import { freePort } from "@/lib/embedded/ports";
import { initialiseCluster, startPostgres, stopLeftoverServer, type RunningPostgres } from "@/lib/embedded/postgres";
import { CliError } from "../errors";
import { quoteIdent, SECRET_KEYS } from "./backup";
import { readBackup, type BackupHeader } from "./format";
import { dataDirOf, PROJECT_DIR, readLocalEnv, runningApp, runningError, shareWithServer } from "./home";

export interface RestoreResult {
  file: string;
  home: string;
  new_home: boolean;
  tables: number;
  rows: number;
  captures: number;
  people: number;
  devices: number;
  backup_created_at: string;
}

const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A backup from a build with migrations this one lacks would lose what they added. */
function assertCompatible(header: BackupHeader): void {
  const journal = JSON.parse(readFileSync(path.join(PROJECT_DIR, MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as {
    entries: { when: number }[];
  };
  const known = new Set(journal.entries.map((entry) => entry.when));
  const unknown = header.migrations.filter((when) => !known.has(when));
  if (unknown.length > 0) {
    throw new CliError(
      `This backup was made by a newer Busymate (${unknown.length} migration${unknown.length === 1 ? "" : "s"} this one lacks); update Busymate, then restore.`,
    );
  }
}

/**
 * Replaces the database of `home` (made if missing) with the backup's. The app must not be
 * running on it. The cluster is migrated by this build first, then every table is emptied
 * and reloaded with COPY in one transaction, with triggers and foreign-key checks off
 * (session_replication_role = replica: the rows were consistent when taken, and no audit,
 * broadcast or stats trigger should fire for them): a failure leaves the old data as it was.
 */
export async function restoreHome(
  file: string,
  home: string,
  progress: (text: string) => void = () => undefined,
): Promise<RestoreResult> {
  const pid = await runningApp(home);
  if (pid !== null) throw runningError(home, pid);
  const exchange = await mkdtemp(path.join(os.tmpdir(), "busymate-restore-"));
  let lock: HomeLock | undefined;
  let postgres: RunningPostgres | undefined;
  try {
    progress(`Reading ${path.basename(file)}`);
    const { header, files } = await readBackup(file, exchange);
    assertCompatible(header);
    await mkdir(home, { recursive: true });
    try {
      lock = await acquireHomeLock(home);
    } catch (error) {
      if (error instanceof AlreadyRunningError) throw new CliError(error.message);
      throw error;
    }
    const dataDir = dataDirOf(home);
    const existing = (await readLocalEnv(home)) ?? {};
    const hasCluster = existsSync(path.join(dataDir, "PG_VERSION"));
    if (hasCluster && !existing.BUSYMATE_DB_PASSWORD) {
      throw new CliError(`${home} has a database but no local.env with its password; restore into an empty home.`);
    }
    // The cluster keeps its own password; a new one takes the backup's (or a fresh one).
    const password = hasCluster
      ? existing.BUSYMATE_DB_PASSWORD
      : (header.secrets.BUSYMATE_DB_PASSWORD ?? randomBytes(24).toString("base64url"));
    const pgOptions = { dataDir, port: await freePort(), password };
    if (hasCluster) await stopLeftoverServer(dataDir);
    else progress("Creating the database cluster");
    await initialiseCluster(pgOptions);
    postgres = await startPostgres(pgOptions);
    progress("Applying migrations");
    await applyMigrations(postgres.url, PROJECT_DIR);
    await shareWithServer(exchange, dataDir);
    for (const name of files) await shareWithServer(name, dataDir);

    const client = new pg.Client({ connectionString: postgres.url, application_name: "busymate-restore" });
    await client.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL session_replication_role = replica");
      await client.query(
        `TRUNCATE ${header.tables.map((t) => qualified(t.schema, t.name)).join(", ")} RESTART IDENTITY CASCADE`,
      );
      for (const partition of header.partitions) {
        await client.query("SELECT busymate_private.ensure_entry_partitions($1::timestamptz, 1)", [
          partition.range_start,
        ]);
      }
      for (const [index, table] of header.tables.entries()) {
        progress(`Loading ${table.schema}.${table.name} (${index + 1}/${header.tables.length})`);
        await client.query(
          `COPY ${qualified(table.schema, table.name)} (${table.columns.map(quoteIdent).join(", ")}) FROM ${literal(files[index])}`,
        );
      }
      for (const sequence of header.sequences) {
        await client.query("SELECT setval(to_regclass($1), $2::bigint, true) WHERE to_regclass($1) IS NOT NULL", [
          qualified(sequence.schema, sequence.name),
          sequence.last_value,
        ]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw new CliError(`The restore failed and changed nothing: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    // Secrets last, once the data is in: the restored people's tokens and devices' keys match them.
    const secrets = Object.fromEntries(
      SECRET_KEYS.filter((key) => header.secrets[key]).map((k) => [k, header.secrets[k]]),
    );
    await writeLocalEnv(home, { ...existing, ...secrets, BUSYMATE_DB_PASSWORD: password });
    const rowsOf = (schema: string, name: string) =>
      header.tables.find((t) => t.schema === schema && t.name === name)?.rows ?? 0;
    return {
      file,
      home,
      new_home: !hasCluster,
      tables: header.tables.length,
      rows: header.tables.reduce((sum, t) => sum + t.rows, 0),
      captures: rowsOf("public", "entries"),
      people: rowsOf("auth", "users"),
      devices: rowsOf("public", "devices"),
      backup_created_at: header.created_at,
    };
  } finally {
    await postgres?.stop();
    await rm(exchange, { recursive: true, force: true });
    await lock?.release();
  }
}
