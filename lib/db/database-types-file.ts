import path from "node:path";
import pg from "pg";
import * as prettier from "prettier";
import { startTempPostgres } from "@/lib/testing/temp-postgres";
import { generateDatabaseTypes } from "./database-types";

export const DATABASE_TYPES_FILE = path.resolve(import.meta.dirname, "..", "supabase", "database.types.ts");

/** The types file as the migrations make it: a throwaway database migrated from scratch, read, formatted. */
export async function databaseTypesFromMigrations(): Promise<string> {
  const postgres = await startTempPostgres();
  const pool = new pg.Pool({ connectionString: postgres.url, max: 1 });
  // The throwaway server's shutdown may reach a connection still closing.
  pool.on("error", () => undefined);
  try {
    const source = await generateDatabaseTypes(pool);
    const options = (await prettier.resolveConfig(DATABASE_TYPES_FILE)) ?? {};
    return prettier.format(source, { ...options, filepath: DATABASE_TYPES_FILE });
  } finally {
    await pool.end();
    await postgres.stop();
  }
}
