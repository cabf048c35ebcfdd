import { defineConfig } from "drizzle-kit";

/**
 * drizzle-kit generates migrations from db/schema into db/migrations. It never connects
 * to a database for that; `npm run db:migrate` applies them (scripts/db-migrate.ts).
 */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema",
  out: "./db/migrations",
  schemaFilter: ["public"],
  // Supabase owns anon/authenticated/service_role; drizzle-kit must not manage them.
  entities: { roles: { provider: "supabase" } },
});
