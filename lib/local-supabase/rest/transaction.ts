import type pg from "pg";

/**
 * One request, one transaction, set up as PostgREST's `txVarQuery` does: the search path,
 * the role's own settings (its `statement_timeout`), `role`, the JWT claims and the request's
 * method, path, headers and cookies as transaction-local settings, then the function's
 * `SET` clauses. Reads run READ ONLY. Everything ends with the transaction, so pooled
 * connections carry nothing from one request to the next.
 */
export interface RequestContext {
  role: string;
  claims: Record<string, unknown>;
  method: string;
  path: string;
  headers: Record<string, string>;
  cookies: Record<string, string>;
  readOnly: boolean;
  roleSettings: [string, string][];
  functionSettings: [string, string][];
  timezone?: string;
}

/** Supabase's per-role statement timeouts, used when the database sets none for the role. */
export const DEFAULT_ROLE_TIMEOUTS: Record<string, string> = { anon: "3s", authenticated: "8s", device: "8s" };

const SEARCH_PATH = '"public", "extensions"';

export interface TransactionOutcome<T> {
  result: T;
  /** False to roll back: PostgREST condemns the transaction when the response is an error. */
  commit: boolean;
}

function settingsFor(context: RequestContext): [string, string][] {
  const roleSettings = [...context.roleSettings];
  const timeout = DEFAULT_ROLE_TIMEOUTS[context.role];
  if (timeout && !roleSettings.some(([name]) => name === "statement_timeout")) roleSettings.push(["statement_timeout", timeout]);
  const sub = typeof context.claims.sub === "string" ? context.claims.sub : "";
  return [
    ["search_path", SEARCH_PATH],
    ...roleSettings,
    ["role", context.role],
    ["request.jwt.claims", JSON.stringify(context.claims)],
    // The pre-v10 PostgREST settings, still read first by Supabase's auth.uid() and auth.role().
    ["request.jwt.claim.sub", sub],
    ["request.jwt.claim.role", context.role],
    ["request.method", context.method],
    ["request.path", context.path],
    ["request.headers", JSON.stringify(context.headers)],
    ["request.cookies", JSON.stringify(context.cookies)],
    ...(context.timezone ? ([["timezone", context.timezone]] as [string, string][]) : []),
    ...context.functionSettings,
  ];
}

export async function inTransaction<T>(pool: pg.Pool, context: RequestContext, work: (client: pg.PoolClient) => Promise<TransactionOutcome<T>>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(context.readOnly ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY" : "BEGIN ISOLATION LEVEL READ COMMITTED");
    const settings = settingsFor(context);
    const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(", ");
    await client.query(`SELECT ${calls}`, settings.flat());
    const outcome = await work(client);
    await client.query(outcome.commit ? "COMMIT" : "ROLLBACK");
    return outcome.result;
  } catch (error) {
    await client.query("ROLLBACK").catch((rollbackError: Error) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that cannot even roll back is dropped rather than reused.
    client.release(broken);
  }
}
