import { generateKeyPairSync, hkdfSync, randomUUID } from "node:crypto";
import type { JWK } from "oidc-provider";
import type pg from "pg";

/**
 * The authorization server's own keys. Access tokens are signed with the project's JWT
 * secret (lib/auth); these are for what oidc-provider signs itself:
 *  - cookie keys (its interaction and session cookies), derived from the JWT secret with
 *    HKDF, so every process of one installation agrees without storing anything;
 *  - the ID-token signing key (RS256, the algorithm every OpenID client supports), made once
 *    and kept in the database so all processes and restarts publish the same JWKS.
 */

export function cookieKeys(jwtSecret: string): string[] {
  const key = hkdfSync("sha256", jwtSecret, "busymate-oauth", "cookie-signing-key", 32);
  return [Buffer.from(key).toString("base64url")];
}

const KEY_MODEL = "BusymateSigningKey";
const KEY_ID = "id-token-rs256";

/** The ID-token signing JWKS, created on first use (concurrent first uses agree on one key). */
export async function idTokenJwks(pool: pg.Pool): Promise<{ keys: JWK[] }> {
  const stored = () =>
    pool.query<{ payload: JWK }>("SELECT payload FROM busymate_identity.oauth_payloads WHERE model = $1 AND id = $2", [
      KEY_MODEL,
      KEY_ID,
    ]);
  let { rows } = await stored();
  if (rows.length === 0) {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const candidate = { ...privateKey.export({ format: "jwk" }), kid: randomUUID(), alg: "RS256", use: "sig" };
    await pool.query(
      "INSERT INTO busymate_identity.oauth_payloads (model, id, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
      [KEY_MODEL, KEY_ID, candidate],
    );
    ({ rows } = await stored());
  }
  return { keys: [rows[0].payload] };
}
