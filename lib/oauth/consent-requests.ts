import type pg from "pg";

/**
 * What the consent page shows for one pending authorization: written by the authorization
 * server (which can resolve any client) when a request reaches consent, read by the dashboard
 * page, and only ever for the person it was written for. Plain SQL, so Next pages can use it
 * without loading oidc-provider.
 */
export interface ConsentRequest {
  uid: string;
  userId: string;
  clientId: string;
  clientName: string | null;
  redirectUri: string;
  resource: string;
  requestedScopes: string[];
  expiresAt: Date;
}

export async function saveConsentRequest(pool: pg.Pool, request: ConsentRequest): Promise<void> {
  await pool.query(
    `INSERT INTO busymate_identity.oauth_consent_requests (uid, user_id, client_id, client_name, redirect_uri, resource, requested_scopes, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (uid) DO UPDATE SET user_id = EXCLUDED.user_id, client_id = EXCLUDED.client_id, client_name = EXCLUDED.client_name,
       redirect_uri = EXCLUDED.redirect_uri, resource = EXCLUDED.resource, requested_scopes = EXCLUDED.requested_scopes, expires_at = EXCLUDED.expires_at`,
    [
      request.uid,
      request.userId,
      request.clientId,
      request.clientName,
      request.redirectUri,
      request.resource,
      request.requestedScopes,
      request.expiresAt,
    ],
  );
}

/** The pending request `uid` if it belongs to `userId` and has not expired. */
export async function loadConsentRequest(pool: pg.Pool, uid: string, userId: string): Promise<ConsentRequest | null> {
  const { rows } = await pool.query<{
    uid: string;
    user_id: string;
    client_id: string;
    client_name: string | null;
    redirect_uri: string;
    resource: string;
    requested_scopes: string[];
    expires_at: Date;
  }>("SELECT * FROM busymate_identity.oauth_consent_requests WHERE uid = $1 AND user_id = $2 AND expires_at > now()", [
    uid,
    userId,
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    uid: row.uid,
    userId: row.user_id,
    clientId: row.client_id,
    clientName: row.client_name,
    redirectUri: row.redirect_uri,
    resource: row.resource,
    requestedScopes: row.requested_scopes,
    expiresAt: row.expires_at,
  };
}

export async function deleteConsentRequest(pool: pg.Pool, uid: string): Promise<void> {
  await pool.query("DELETE FROM busymate_identity.oauth_consent_requests WHERE uid = $1", [uid]);
}
