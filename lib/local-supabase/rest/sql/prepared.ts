import { createHash } from "node:crypto";

/**
 * Statements run as named prepared statements, as PostgREST does (`db-prepared-statements`):
 * a request shape seen before on a connection skips PostgreSQL's parse and analysis; plans
 * that depend on row-level security are re-planned by PostgreSQL when the role changes.
 * The name is a digest of the SQL text, remembered for recent texts so hot shapes are not
 * hashed on every request.
 */
const recent = new Map<string, string>();
const RECENT_MAX = 1000;

export function statementName(text: string): string {
  let name = recent.get(text);
  if (name) return name;
  name = `pgrst_${createHash("sha1").update(text).digest("base64url")}`;
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, name);
  return name;
}
