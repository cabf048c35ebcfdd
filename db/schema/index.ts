/**
 * The Drizzle schema of Busymate's public tables. Tables, row-level security policies
 * and their migrations are added here domain by domain (one file per domain), and
 * `npm run db:generate` turns changes into SQL under db/migrations.
 */
export {};
