import type pg from "pg";
import { runPipeline, type Row, type Statement } from "./sql/pipeline";

/**
 * One request, one transaction, set up as PostgREST's `txVarQuery` does: the search path,
 * the role's own settings (its `statement_timeout`), `role`, the JWT claims and the request's
 * method, path, headers and cookies as transaction-local settings, then the function's
 * `SET` clauses. Reads run READ ONLY. Everything ends with the transaction, so pooled
 * connections carry nothing from one request to the next. BEGIN, the settings and the
 * request's statements go in one pipelined round trip (see `sql/pipeline.ts`).
 */
export interface RequestContext {
  /** The request's schema, first on the search path as PostgREST puts it. */
  schema: string;
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
  /** PostgREST's db-pre-request: a function called with no arguments after the settings, before the request. */
  preRequest?: string;
}

/** `schema.name` or `name` as PostgREST takes `db-pre-request`; each part quoted. */
export function preRequestCall(name: string): string {
  const parts = name.split(".");
  if (parts.length > 2 || parts.some((part) => part.length === 0))
    throw new Error(`db-pre-request "${name}" is not a function name`);
  return `SELECT ${parts.map((part) => `"${part.replaceAll('"', '""')}"`).join(".")}()`;
}

/** Supabase's per-role statement timeouts, used when the database sets none for the role. */
export const DEFAULT_ROLE_TIMEOUTS: Record<string, string> = { anon: "3s", authenticated: "8s", device: "8s" };

/** Supabase's `db-extra-search-path`. */
const EXTRA_SEARCH_PATH = ["public", "extensions"];

const searchPath = (schema: string) =>
  [...new Set([schema, ...EXTRA_SEARCH_PATH])].map((name) => `"${name.replaceAll('"', '""')}"`).join(", ");

/**
 * How the transaction ends: read-only work commits in the same round trip as everything
 * else; writes look at their results first (PostgREST rolls back a response it refuses,
 * e.g. a single-object request that matched two rows, or too many rows affected).
 */
export type Finish = "commit" | ((results: Row[][]) => boolean);

function settingsFor(context: RequestContext): [string, string][] {
  const roleSettings = [...context.roleSettings];
  const timeout = DEFAULT_ROLE_TIMEOUTS[context.role];
  if (timeout && !roleSettings.some(([name]) => name === "statement_timeout"))
    roleSettings.push(["statement_timeout", timeout]);
  const sub = typeof context.claims.sub === "string" ? context.claims.sub : "";
  return [
    ["search_path", searchPath(context.schema)],
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

function settingsStatement(context: RequestContext): Statement {
  const settings = settingsFor(context);
  const calls = settings.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`).join(", ");
  return { text: `SELECT ${calls}`, values: settings.flat(), prepare: true };
}

/** Runs `statements` in the request's transaction; the rows of each. */
export async function inTransaction(
  pool: pg.Pool,
  context: RequestContext,
  statements: Statement[],
  finish: Finish,
): Promise<Row[][]> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const begin: Statement = {
      text: context.readOnly
        ? "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY"
        : "BEGIN ISOLATION LEVEL READ COMMITTED",
      values: [],
    };
    const commitNow = finish === "commit";
    const setup: Statement[] = [begin, settingsStatement(context)];
    if (context.preRequest) setup.push({ text: preRequestCall(context.preRequest), values: [] });
    const pipeline = [...setup, ...statements, ...(commitNow ? [{ text: "COMMIT", values: [] }] : [])];
    let results: Row[][];
    try {
      results = (await runPipeline(client, pipeline)).slice(setup.length, setup.length + statements.length);
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw error;
    }
    if (!commitNow) {
      const commit = finish(results);
      try {
        await client.query(commit ? "COMMIT" : "ROLLBACK");
      } catch (error) {
        // A deferred constraint fails at COMMIT; the transaction is over either way.
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    }
    return results;
  } finally {
    // A connection that cannot even roll back is dropped rather than reused.
    client.release(broken);
  }
}
