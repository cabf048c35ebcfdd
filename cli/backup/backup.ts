import { mkdtemp, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import packageJson from "../../package.json" with { type: "json" };
import { readLocalEnv, shareWithServer, withHomeDatabase } from "./home";
import { writeBackup, type BackupHeader, type BackupTable } from "./format";

/** Secrets a restore needs to keep issued tokens, keys and passwords working. */
export const SECRET_KEYS = [
  "BUSYMATE_DB_PASSWORD",
  "SUPABASE_JWT_SECRET",
  "NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY",
  "SUPABASE_SECRET_KEY",
  "BUSYMATE_ADMIN_PASSWORD",
  "BUSYMATE_MEMBER_PASSWORD",
] as const;

/**
 * Every table of the application's own schemas. Left out: partitions (read through
 * `public.entries`), the migrator's journal (the restoring build writes its own), Realtime's
 * message log (transient broadcasts, replay for minutes only) and extensions' tables.
 */
export const TABLES_SQL = `
  SELECT n.nspname AS schema, c.relname AS name,
         array(SELECT a.attname::text FROM pg_attribute a
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
               ORDER BY a.attnum) AS columns
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'drizzle', 'busymate_partitions')
    AND n.nspname NOT LIKE 'pg\\_%'
    AND NOT (n.nspname = 'realtime' AND c.relname = 'messages')
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
  ORDER BY 1, 2`;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (schema: string, name: string) => `${quoteIdent(schema)}.${quoteIdent(name)}`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

export interface BackupResult {
  file: string;
  bytes: number;
  app_running: boolean;
  tables: number;
  rows: number;
  captures: number;
  people: number;
  devices: number;
}

/**
 * One consistent snapshot (REPEATABLE READ, read only) of every table, copied by the server
 * into a private exchange directory, then packed into `out`. Works while the app runs: a
 * snapshot blocks no writer.
 */
export async function backupHome(
  home: string,
  out: string,
  progress: (text: string) => void = () => undefined,
): Promise<BackupResult> {
  const env = (await readLocalEnv(home)) ?? {};
  return withHomeDatabase(home, { allowRunning: true }, async ({ url, dataDir, running }) => {
    const exchange = await mkdtemp(path.join(os.tmpdir(), "busymate-backup-"));
    await shareWithServer(exchange, dataDir);
    const client = new pg.Client({ connectionString: url, application_name: "busymate-backup" });
    await client.connect();
    try {
      await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      const listed = await client.query<{ schema: string; name: string; columns: string[] }>(TABLES_SQL);
      const tables: BackupTable[] = [];
      const files: string[] = [];
      for (const [index, table] of listed.rows.entries()) {
        progress(`Copying ${table.schema}.${table.name} (${index + 1}/${listed.rows.length})`);
        const file = path.join(exchange, `${index}.copy`);
        const columns = table.columns.map(quoteIdent).join(", ");
        const copied = await client.query(
          `COPY (SELECT ${columns} FROM ${qualified(table.schema, table.name)}) TO ${literal(file)}`,
        );
        files.push(file);
        tables.push({ ...table, rows: copied.rowCount ?? 0, bytes: (await stat(file)).size });
      }
      const sequences = await client.query<{ schema: string; name: string; last_value: string }>(
        `SELECT schemaname AS schema, sequencename AS name, last_value::text FROM pg_sequences
         WHERE last_value IS NOT NULL AND schemaname NOT IN ('pg_catalog', 'information_schema', 'drizzle')`,
      );
      const partitions = await client.query<{ name: string; range_start: Date; range_end: Date }>(
        "SELECT name, range_start, range_end FROM busymate_private.entry_partitions() WHERE NOT is_default ORDER BY range_start",
      );
      const migrations = await client.query<{ created_at: string }>(
        "SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at",
      );
      await client.query("COMMIT");
      const header: BackupHeader = {
        format: "busymate-backup",
        version: 1,
        created_at: new Date().toISOString(),
        app_version: packageJson.version,
        migrations: migrations.rows.map((row) => Number(row.created_at)),
        secrets: Object.fromEntries(SECRET_KEYS.filter((key) => env[key]).map((key) => [key, env[key]])),
        partitions: partitions.rows.map((p) => ({
          name: p.name,
          range_start: p.range_start.toISOString(),
          range_end: p.range_end.toISOString(),
        })),
        tables,
        sequences: sequences.rows,
      };
      progress(`Writing ${path.basename(out)}`);
      const partial = `${out}.${process.pid}.partial`;
      try {
        await writeBackup(partial, header, files);
        await rename(partial, out);
      } finally {
        await rm(partial, { force: true });
      }
      const rowsOf = (schema: string, name: string) =>
        tables.find((t) => t.schema === schema && t.name === name)?.rows ?? 0;
      return {
        file: out,
        bytes: (await stat(out)).size,
        app_running: running,
        tables: tables.length,
        rows: tables.reduce((sum, t) => sum + t.rows, 0),
        captures: rowsOf("public", "entries"),
        people: rowsOf("auth", "users"),
        devices: rowsOf("public", "devices"),
      };
    } finally {
      await client.end().catch(() => undefined);
      await rm(exchange, { recursive: true, force: true });
    }
  });
}
