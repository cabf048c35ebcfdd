import { RestError } from "../errors";
import { qualified } from "../sql/params";
import type { Services } from "./context";

/**
 * A write that asked for its rows back (`Prefer: return=representation`, supabase-js's
 * `.insert().select()`) but may not read all the columns it named: PostgreSQL's 42501 says
 * only "permission denied for table …". PostgREST answers the same 403; the stand-in keeps it
 * and adds the hint a client needs: the columns this role may read back, or return=minimal.
 * (A device, above all, may read back only the keys of its captures, never their payloads.)
 */
export async function explainReadBackDenied(
  error: RestError,
  services: Services,
  role: string,
  table: string,
): Promise<RestError> {
  if (error.code !== "42501" || !/^permission denied for (table|view)/.test(error.message) || error.hint) return error;
  const { rows } = await services.pool.query<{ columns: string | null }>(
    `SELECT string_agg(attname, ', ' ORDER BY attnum) AS columns FROM pg_attribute
     WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND has_column_privilege($2, attrelid, attnum, 'SELECT')`,
    [qualified(services.cache.schema, table), role],
  );
  const columns = rows[0]?.columns;
  const hint = columns
    ? `Role "${role}" may read back only ${columns} of ${table}: ask for those (select=${columns.replaceAll(" ", "")}, supabase-js .select("${columns}")), or send Prefer: return=minimal (an .insert() without .select()).`
    : `Role "${role}" may not read ${table}: send Prefer: return=minimal (an .insert() without .select()).`;
  return new RestError(error.status, error.code, error.message, error.details, hint, error.headers);
}
