import { DATABASE_TYPES_FILE, databaseTypesFromMigrations } from "@/lib/db/database-types-file";
import { writeOrCheck } from "./lib/generated-file";

/**
 * Writes lib/supabase/database.types.ts (supabase-js's Database type) from a database the
 * migrations build: `npm run db:types` after adding a migration; `--check` only compares.
 */
writeOrCheck(DATABASE_TYPES_FILE, await databaseTypesFromMigrations(), "npm run db:types");
