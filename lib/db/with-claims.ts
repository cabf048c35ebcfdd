import "server-only";
import type pg from "pg";

/** The database roles a request may act as; anything else is refused before SQL runs. */
export type RequestRole = "anon" | "authenticated" | "device" | "service_role";
const ROLES: ReadonlySet<string> = new Set<RequestRole>(["anon", "authenticated", "device", "service_role"]);

export interface Claims {
  role: RequestRole;
  sub?: string;
  device_uuid?: string;
  [claim: string]: unknown;
}

/**
 * The database's gate for people, run as the caller once the claims are set, as PostgREST runs
 * its db-pre-request: a deactivated person's token is refused here (SQLSTATE PT401) on every
 * path through withClaims, in the same round trip (migration 0020).
 */
export const PRE_REQUEST = "SELECT public.busymate_pre_request()";

/** SQLSTATE of a refused caller (PostgREST answers it 401). */
export const DEACTIVATED_SQLSTATE = "PT401";

/**
 * Runs `work` in one transaction as PostgREST would for a request carrying these claims:
 * `SET LOCAL ROLE` and `request.jwt.claims`, so row-level security and capabilities bind
 * server code exactly as they bind REST. Both settings end with the transaction, which
 * keeps pooled connections clean.
 */
export async function withClaims<T>(
  pool: pg.Pool,
  claims: Claims,
  work: (client: pg.PoolClient, firstRows: Record<string, unknown>[]) => Promise<T>,
  /** A parameter-free statement run as the caller in the same round trip; its rows reach `work`. */
  first?: string,
): Promise<T> {
  if (!ROLES.has(claims.role)) throw new Error(`Refusing to act as database role "${claims.role}".`);
  const client = await pool.connect();
  try {
    // One round trip, not three: every call pays it, and on a busy machine round trips are most
    // of a short operation's cost. The simple protocol cannot bind parameters, so the values are
    // quoted by pg's escapeLiteral; the role is checked against the allow-list above.
    const results = (await client.query(
      `BEGIN; SELECT set_config('request.jwt.claims', ${client.escapeLiteral(JSON.stringify(claims))}, true), ` +
        `set_config('request.jwt.claim.sub', ${client.escapeLiteral(claims.sub ?? "")}, true), ` +
        `set_config('request.jwt.claim.role', '${claims.role}', true); SET LOCAL ROLE ${claims.role}` +
        (claims.role === "authenticated" ? `; ${PRE_REQUEST}` : "") +
        (first ? `; ${first}` : ""),
    )) as unknown as pg.QueryResult[];
    const result = await work(client, first ? (results.at(-1)?.rows ?? []) : []);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
