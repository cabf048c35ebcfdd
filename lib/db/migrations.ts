import { readFileSync } from "node:fs";
import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

export const MIGRATIONS_DIR = path.join("db", "migrations");
const MIGRATIONS_SCHEMA = "drizzle";
const MIGRATIONS_TABLE = "__drizzle_migrations";

/** Applies every pending migration; running it again is a no-op. */
export async function applyMigrations(databaseUrl: string, projectDir: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await migrate(drizzle(client), {
      migrationsFolder: path.join(projectDir, MIGRATIONS_DIR),
      migrationsSchema: MIGRATIONS_SCHEMA,
      migrationsTable: MIGRATIONS_TABLE,
    });
  } finally {
    await client.end();
  }
}

interface Journal {
  entries: { tag: string; when: number }[];
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  pending: string[];
}

/**
 * Compares the journal shipped with this build to what the database recorded, the way
 * drizzle's migrator decides what to run (by each migration's `when` timestamp).
 */
export async function migrationStatus(db: pg.Pool | pg.Client, projectDir: string): Promise<MigrationStatus> {
  const journal = JSON.parse(
    readFileSync(path.join(projectDir, MIGRATIONS_DIR, "meta", "_journal.json"), "utf8"),
  ) as Journal;
  const exists = await db.query<{ ok: boolean }>("select to_regclass($1) is not null as ok", [
    `${MIGRATIONS_SCHEMA}.${MIGRATIONS_TABLE}`,
  ]);
  const appliedAt = exists.rows[0].ok
    ? new Set(
        (
          await db.query<{ created_at: string }>(`select created_at from "${MIGRATIONS_SCHEMA}"."${MIGRATIONS_TABLE}"`)
        ).rows.map((row) => Number(row.created_at)),
      )
    : new Set<number>();
  const pending = journal.entries.filter((entry) => !appliedAt.has(entry.when)).map((entry) => entry.tag);
  return { expected: journal.entries.length, applied: journal.entries.length - pending.length, pending };
}
