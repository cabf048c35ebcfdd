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
 * Runs `work` in one transaction as PostgREST would for a request carrying these claims:
 * `SET LOCAL ROLE` and `request.jwt.claims`, so row-level security and capabilities bind
 * server code exactly as they bind REST. Both settings end with the transaction, which
 * keeps pooled connections clean.
 */
export async function withClaims<T>(pool: pg.Pool, claims: Claims, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  if (!ROLES.has(claims.role)) throw new Error(`Refusing to act as database role "${claims.role}".`);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT set_config('request.jwt.claims', $1, true), set_config('request.jwt.claim.sub', $2, true), set_config('request.jwt.claim.role', $3, true)", [
      JSON.stringify(claims),
      claims.sub ?? "",
      claims.role,
    ]);
    // The role is checked against the allow-list above; identifiers cannot be bound.
    await client.query(`SET LOCAL ROLE ${claims.role}`);
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
