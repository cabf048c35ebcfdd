import { randomUUID } from "node:crypto";
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";

/**
 * Supabase's asymmetric JWT signing keys, as a project has them once it migrated off the
 * legacy secret: Auth signs user tokens with the *current* private key (ES256, `kid` in the
 * header), the project publishes the public halves of its keys as a JWKS
 * (`/auth/v1/.well-known/jwks.json`), and PostgREST and Realtime verify a token by its `kid`
 * against that set, plus with the legacy HS256 secret until it is revoked. A key imported
 * into the project (say, the public half of a key an app signs its own tokens with) is in
 * the set as well.
 */
export interface SigningKeys {
  /** The private JWK Auth signs with (`kid`, `alg` ES256). */
  current: JWK;
  /** Public JWKs that also verify: standby and previous keys, and imported ones. */
  trusted: JWK[];
  /** Whether tokens signed with the legacy JWT secret still verify (until it is revoked). */
  legacySecretAccepted: boolean;
}

export const ASYMMETRIC_ALGORITHMS = ["ES256", "RS256", "EdDSA"];

/** A new ES256 signing key as Supabase creates one: a private JWK with a random `kid`. */
export async function createSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: "ES256", use: "sig" };
}

/** The public half of a JWK as a JWKS lists it (never `d` or the other private members). */
export function publicJwk(jwk: JWK): JWK {
  const { kty, crv, x, y, n, e, kid, alg } = jwk;
  const members = Object.entries({ kty, crv, x, y, n, e, kid, alg }).filter(([, value]) => value !== undefined);
  return { ...Object.fromEntries(members), use: "sig", key_ops: ["verify"], ext: true } as JWK;
}

/** The project's JWKS: the current key's public half first, then every trusted key. */
export function projectJwks(keys: SigningKeys): { keys: JWK[] } {
  return { keys: [publicJwk(keys.current), ...keys.trusted.map(publicJwk)] };
}

const resolvers = new WeakMap<SigningKeys, JWTVerifyGetKey>();
const signers = new WeakMap<SigningKeys, Promise<CryptoKey | Uint8Array>>();

/** Picks the verification key of a token by its `kid` (jose's local JWKS). */
export function jwksResolver(keys: SigningKeys): JWTVerifyGetKey {
  let resolver = resolvers.get(keys);
  if (!resolver) resolvers.set(keys, (resolver = createLocalJWKSet(projectJwks(keys))));
  return resolver;
}

/** The current private key, imported once. */
export function currentSigningKey(keys: SigningKeys): Promise<CryptoKey | Uint8Array> {
  let key = signers.get(keys);
  if (!key) signers.set(keys, (key = importJWK(keys.current, keys.current.alg ?? "ES256")));
  return key;
}
