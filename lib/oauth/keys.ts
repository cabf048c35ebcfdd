import { generateKeyPairSync, hkdfSync, randomUUID } from "node:crypto";
import type { JWK } from "oidc-provider";
import type pg from "pg";
import type { TokenKeys } from "@/lib/auth/token-keys";

/**
 * The authorization server's own keys. Access tokens are signed with Busymate's token keys
 * (lib/auth/token-keys.ts); these are for what oidc-provider signs itself:
 *  - cookie keys (its interaction and session cookies), derived with HKDF from the secret
 *    material of the token keys (the legacy secret, or the private `d` of the signing key), so
 *    every process of one installation agrees without storing anything. During a rotation the
 *    previous key's cookie key still verifies when it is given as a private JWK;
 *  - the ID-token signing key (RS256, the algorithm every OpenID client supports), made once
 *    and kept in the database so all processes and restarts publish the same JWKS.
 */

export function cookieKeys(keys: TokenKeys): string[] {
  const material =
    keys.mode === "legacy" ? [keys.secret] : [keys.current, ...keys.trusted].flatMap((jwk) => (jwk.d ? [jwk.d] : []));
  return material.map((secret) =>
    Buffer.from(hkdfSync("sha256", secret, "busymate-oauth", "cookie-signing-key", 32)).toString("base64url"),
  );
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
