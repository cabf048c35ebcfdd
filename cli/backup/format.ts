import { createReadStream, createWriteStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import path from "node:path";
import { CliError } from "../errors";

/**
 * A backup file: gzip of a magic line, one JSON header line, then each table's COPY text
 * back to back (the header gives each one's length). The data is PostgreSQL's own COPY
 * format, so a restore replays it with COPY and no row passes through JavaScript.
 */
export const MAGIC = "BUSYMATE-BACKUP 1";

export interface BackupTable {
  schema: string;
  name: string;
  /** Stored columns only: generated columns are recomputed on restore. */
  columns: string[];
  rows: number;
  bytes: number;
}

export interface BackupHeader {
  format: "busymate-backup";
  version: 1;
  created_at: string;
  app_version: string;
  /** The journal `when` of every migration the database had: a restore needs them all. */
  migrations: number[];
  /** The install's secrets (local.env), so tokens, keys and device credentials keep working. */
  secrets: Record<string, string>;
  partitions: { name: string; range_start: string; range_end: string }[];
  tables: BackupTable[];
  sequences: { schema: string; name: string; last_value: string }[];
}

/** Writes header + the files (in header.tables order), gzipped, to `out`, 0600. */
export async function writeBackup(out: string, header: BackupHeader, files: string[]): Promise<void> {
  const gzip = createGzip({ level: 6 });
  const done = pipeline(gzip, createWriteStream(out, { mode: 0o600 }));
  gzip.write(`${MAGIC}\n${JSON.stringify(header)}\n`);
  for (const file of files) {
    for await (const chunk of createReadStream(file)) {
      if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once("drain", resolve));
    }
  }
  gzip.end();
  await done;
}

/**
 * Reads a backup into `dir`: the header, and each table's COPY text as `<dir>/<index>.copy`.
 * A file that is not a backup, or is cut short, is refused with a line saying so.
 */
export async function readBackup(file: string, dir: string): Promise<{ header: BackupHeader; files: string[] }> {
  let header: BackupHeader | undefined;
  let pending = Buffer.alloc(0);
  let table = 0;
  let left = 0;
  let current: FileHandle | undefined;
  const files: string[] = [];
  const nextTable = async () => {
    await current?.close();
    current = undefined;
    while (header && table < header.tables.length && header.tables[table].bytes === 0) {
      const empty = path.join(dir, `${table}.copy`);
      await (await open(empty, "w", 0o600)).close();
      files.push(empty);
      table++;
    }
    if (!header || table >= header.tables.length) return;
    const name = path.join(dir, `${table}.copy`);
    files.push(name);
    current = await open(name, "w", 0o600);
    left = header.tables[table].bytes;
    table++;
  };
  try {
    for await (const raw of createReadStream(file).pipe(createGunzip())) {
      let chunk = raw as Buffer;
      if (!header) {
        pending = Buffer.concat([pending, chunk]);
        const first = pending.indexOf(10);
        const second = first < 0 ? -1 : pending.indexOf(10, first + 1);
        if (first >= 0 && pending.subarray(0, first).toString("utf8") !== MAGIC) throw notABackup(file);
        if (second < 0) {
          if (pending.length > 64 * 1024 * 1024) throw notABackup(file);
          continue;
        }
        header = JSON.parse(pending.subarray(first + 1, second).toString("utf8")) as BackupHeader;
        chunk = pending.subarray(second + 1);
        pending = Buffer.alloc(0);
        await nextTable();
      }
      while (chunk.length > 0) {
        if (!current)
          throw new CliError(`${file} has more data than its header describes; it is not a Busymate backup.`);
        const take = chunk.subarray(0, left);
        await current.write(take);
        left -= take.length;
        chunk = chunk.subarray(take.length);
        if (left === 0) await nextTable();
      }
    }
  } catch (error) {
    await current?.close();
    if (error instanceof CliError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new CliError(`No such file: ${file}`);
    throw new CliError(`${file} is not a readable Busymate backup: ${(error as Error).message}`);
  }
  if (!header) throw notABackup(file);
  if (current || table < header.tables.length) {
    await current?.close();
    throw new CliError(
      `${file} is cut short (${header.tables.length - table + 1} tables missing); take the backup again.`,
    );
  }
  return { header, files };
}

const notABackup = (file: string) => new CliError(`${file} is not a Busymate backup (no "${MAGIC}" line).`);
