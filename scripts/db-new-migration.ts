import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * `npm run db:new -- <name>`: a new, empty SQL migration registered in the journal Drizzle's
 * migrator reads (db/migrations/meta/_journal.json). Migrations are written by hand; after
 * writing one, `npm run db:types` regenerates supabase-js's Database type from it.
 */
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new -- <name>   (lower case letters, digits and _)");
  process.exit(2);
}
const dir = path.resolve(import.meta.dirname, "..", "db", "migrations");
const journalFile = path.join(dir, "meta", "_journal.json");
const journal = JSON.parse(readFileSync(journalFile, "utf8")) as {
  entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
};
const last = journal.entries.at(-1);
const idx = (last?.idx ?? -1) + 1;
const tag = `${String(idx).padStart(4, "0")}_${name}`;
const file = path.join(dir, `${tag}.sql`);
if (existsSync(file)) {
  console.error(`${path.relative(process.cwd(), file)} exists already.`);
  process.exit(1);
}
// The migrator orders and skips migrations by `when`: it must grow.
const when = Math.max(Date.now(), (last?.when ?? 0) + 1);
journal.entries.push({ idx, version: last?.version ?? "7", when, tag, breakpoints: true });
writeFileSync(
  file,
  `-- ${name.replaceAll("_", " ")}\n-- Separate statements with a line holding only: --> statement-breakpoint\n`,
);
writeFileSync(journalFile, `${JSON.stringify(journal, null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)} and its journal entry.`);
