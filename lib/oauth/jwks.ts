import type { JWK } from "jose";
import type { JWK as ProviderJwk } from "oidc-provider";
import type pg from "pg";
import { appJwks, type TokenKeys } from "@/lib/auth/token-keys";
import { idTokenJwks } from "./keys";

/** Where the app publishes its keys: the AS metadata's `jwks_uri`, and the conventional well-known path. */
export const JWKS_PATHS = new Set(["/oauth/jwks", "/.well-known/jwks.json"]);

/** An RSA JWK's public members (the ID-token key). */
function publicRsa({ kty, n, e, kid, alg, use }: ProviderJwk): JWK {
  return { kty, n, e, kid, alg, use };
}

/**
 * The app's JWKS: the public halves of its access-token keys (current first, then the previous
 * or next key of a rotation; none in legacy mode, where tokens are HS256) and of the ID-token
 * key. Never a private member, never the secret. Anyone verifying a Busymate token picks the key
 * its `kid` names; Supabase itself holds the imported key and needs none of this.
 */
export async function publishedJwks(keys: TokenKeys, pool: pg.Pool): Promise<{ keys: JWK[] }> {
  const idToken = (await idTokenJwks(pool)).keys.map(publicRsa);
  return { keys: [...appJwks(keys).keys, ...idToken] };
}
