import type pg from "pg";

/**
 * The clients a person has authorised, for `/account`. A row is written when the person
 * consents; the grant it names lives in oidc-provider's storage and dies on revocation,
 * refresh-token reuse or expiry, so only grants still alive are listed.
 */
export interface AuthorisedClient {
  clientId: string;
  clientName: string | null;
  redirectHost: string;
  scope: string;
  authorisedAt: Date;
  grants: number;
}

export async function recordAuthorization(
  pool: pg.Pool,
  entry: {
    grantId: string;
    userId: string;
    clientId: string;
    clientName: string | null;
    redirectUri: string;
    scope: string;
  },
): Promise<void> {
  await pool.query(
    `INSERT INTO busymate_identity.oauth_authorizations (grant_id, user_id, client_id, client_name, redirect_uri, scope)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (grant_id) DO UPDATE SET scope = EXCLUDED.scope`,
    [entry.grantId, entry.userId, entry.clientId, entry.clientName, entry.redirectUri, entry.scope],
  );
}

export function hostOf(uri: string): string {
  const url = URL.parse(uri);
  if (!url) return uri;
  return url.host || `${url.protocol}//`;
}

/** Live authorisations of a person, one entry per client (newest consent's details). */
export async function listAuthorisedClients(pool: pg.Pool, userId: string): Promise<AuthorisedClient[]> {
  const { rows } = await pool.query<{
    client_id: string;
    client_name: string | null;
    redirect_uri: string;
    scope: string;
    created_at: Date;
    grants: string;
  }>(
    `SELECT DISTINCT ON (a.client_id) a.client_id, a.client_name, a.redirect_uri, a.scope, a.created_at,
            count(*) OVER (PARTITION BY a.client_id) AS grants
     FROM busymate_identity.oauth_authorizations a
     JOIN busymate_identity.oauth_payloads g ON g.model = 'Grant' AND g.id = a.grant_id AND (g.expires_at IS NULL OR g.expires_at > now())
     WHERE a.user_id = $1
     ORDER BY a.client_id, a.created_at DESC`,
    [userId],
  );
  return rows
    .map((row) => ({
      clientId: row.client_id,
      clientName: row.client_name,
      redirectHost: hostOf(row.redirect_uri),
      scope: row.scope,
      authorisedAt: row.created_at,
      grants: Number(row.grants),
    }))
    .sort((a, b) => b.authorisedAt.getTime() - a.authorisedAt.getTime());
}

/**
 * Revokes everything a person granted one client: the grants and every code and refresh
 * token issued under them. Access tokens already issued expire within 15 minutes.
 * Returns the number of grants revoked.
 */
export async function revokeClientAuthorisations(pool: pg.Pool, userId: string, clientId: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ grant_id: string }>(
      "DELETE FROM busymate_identity.oauth_authorizations WHERE user_id = $1 AND client_id = $2 RETURNING grant_id",
      [userId, clientId],
    );
    const grantIds = rows.map((row) => row.grant_id);
    const { rowCount } = await client.query(
      "DELETE FROM busymate_identity.oauth_payloads WHERE model = 'Grant' AND id = ANY($1)",
      [grantIds],
    );
    await client.query("DELETE FROM busymate_identity.oauth_payloads WHERE grant_id = ANY($1)", [grantIds]);
    await client.query("COMMIT");
    return rowCount ?? 0;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
