import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DATABASE_TYPES_FILE, databaseTypesFromMigrations } from "@/lib/db/database-types-file";

/**
 * Writes lib/supabase/database.types.ts (supabase-js's Database type) from a database the
 * migrations build: `npm run db:types` after adding a migration. With --check it only says
 * whether the file is current (exit 1 when not).
 */
const types = await databaseTypesFromMigrations();
const relative = path.relative(process.cwd(), DATABASE_TYPES_FILE);
if (process.argv.includes("--check")) {
  const current = (() => {
    try {
      return readFileSync(DATABASE_TYPES_FILE, "utf8");
    } catch {
      return "";
    }
  })();
  if (current !== types) {
    console.error(`${relative} is out of date: run npm run db:types`);
    process.exit(1);
  }
  console.log(`${relative} is current.`);
} else {
  writeFileSync(DATABASE_TYPES_FILE, types);
  console.log(`Wrote ${relative}.`);
}
