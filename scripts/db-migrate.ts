import { exitWithFailure, maintenanceDatabaseUrl } from "@/lib/db/database-url";
import { applyMigrations } from "@/lib/db/migrations";

/** `npm run db:migrate`: applies pending migrations (see maintenanceDatabaseUrl). */
try {
  await applyMigrations(await maintenanceDatabaseUrl(), process.cwd());
  console.log("Migrations applied.");
} catch (error) {
  exitWithFailure("Migration", error);
}
