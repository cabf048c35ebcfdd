import { errors, type Adapter, type AdapterPayload } from "oidc-provider";
import type pg from "pg";

/**
 * oidc-provider's storage in PostgreSQL (`busymate_identity.oauth_payloads`), so its state
 * (clients, grants, codes, refresh tokens, interactions) survives restarts and is shared by
 * every app process.
 */

const TABLE = "busymate_identity.oauth_payloads";

/** Models whose single use is a security property: a second consume means replay. */
const SINGLE_USE = new Set(["AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest"]);

interface Row {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

function withConsumed(row: Row | undefined): AdapterPayload | undefined {
  if (!row) return undefined;
  return row.consumed_at ? { ...row.payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : row.payload;
}

export function postgresAdapter(pool: pg.Pool): (model: string) => Adapter {
  return (model: string): Adapter => {
    const findWhere = async (column: "id" | "uid" | "user_code", value: string) => {
      const { rows } = await pool.query<Row>(
        `SELECT payload, consumed_at FROM ${TABLE} WHERE model = $1 AND ${column} = $2 AND (expires_at IS NULL OR expires_at > now())`,
        [model, value],
      );
      return withConsumed(rows[0]);
    };

    /** Deletes everything issued under a grant, and the grant itself. */
    const revokeGrant = (grantId: string) =>
      pool.query(`DELETE FROM ${TABLE} WHERE grant_id = $1 OR (model = 'Grant' AND id = $1)`, [grantId]);

    return {
      async upsert(id, payload, expiresIn) {
        await pool.query(
          `INSERT INTO ${TABLE} (model, id, payload, grant_id, user_code, uid, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::integer IS NULL THEN NULL ELSE now() + make_interval(secs => $7::integer) END)
           ON CONFLICT (model, id) DO UPDATE SET payload = EXCLUDED.payload, grant_id = EXCLUDED.grant_id,
             user_code = EXCLUDED.user_code, uid = EXCLUDED.uid, expires_at = EXCLUDED.expires_at`,
          [
            model,
            id,
            payload,
            payload.grantId ?? null,
            payload.userCode ?? null,
            payload.uid ?? null,
            expiresIn ?? null,
          ],
        );
      },
      find: (id) => findWhere("id", id),
      findByUid: (uid) => findWhere("uid", uid),
      findByUserCode: (userCode) => findWhere("user_code", userCode),
      async consume(id) {
        const { rowCount } = await pool.query(
          `UPDATE ${TABLE} SET consumed_at = now() WHERE model = $1 AND id = $2 AND consumed_at IS NULL`,
          [model, id],
        );
        if (rowCount === 0 && SINGLE_USE.has(model)) {
          // Two requests raced with the same code or refresh token: both passed oidc-provider's
          // "already consumed?" check, only one can consume it. Treat the loser as a replay,
          // exactly as oidc-provider treats a later reuse: revoke the whole grant.
          const { rows } = await pool.query<{ grant_id: string | null }>(
            `SELECT grant_id FROM ${TABLE} WHERE model = $1 AND id = $2`,
            [model, id],
          );
          if (rows[0]?.grant_id) await revokeGrant(rows[0].grant_id);
          throw new errors.InvalidGrant(
            `${model === "RefreshToken" ? "refresh token" : "authorization code"} already used`,
          );
        }
      },
      async destroy(id) {
        await pool.query(`DELETE FROM ${TABLE} WHERE model = $1 AND id = $2`, [model, id]);
      },
      async revokeByGrantId(grantId) {
        await pool.query(`DELETE FROM ${TABLE} WHERE model = $1 AND grant_id = $2`, [model, grantId]);
      },
    };
  };
}

/** Removes expired state (run now and then; expired rows are already invisible to `find`). */
export async function sweepExpiredOAuthState(pool: pg.Pool): Promise<void> {
  await pool.query(`DELETE FROM ${TABLE} WHERE expires_at < now() - interval '1 hour'`);
  await pool.query("DELETE FROM busymate_identity.oauth_consent_requests WHERE expires_at < now()");
  // /account's record of a consent outlives nothing: once its grant has expired or was revoked
  // (the grant row swept above, or deleted by oidc-provider), the record goes too. Only records
  // older than an hour: one is written at consent, a moment before its grant is saved.
  await pool.query(
    `DELETE FROM busymate_identity.oauth_authorizations a
     WHERE a.created_at < now() - interval '1 hour'
       AND NOT EXISTS (SELECT 1 FROM ${TABLE} g WHERE g.model = 'Grant' AND g.id = a.grant_id AND (g.expires_at IS NULL OR g.expires_at > now()))`,
  );
}
