import { createLocalJWKSet, errors as joseErrors, importJWK, type JWTVerifyGetKey } from "jose";
import { jwtCryptoKey } from "./secret-key";
import { SIGNING_ALGORITHM, publicJwk, verifyingJwks, type TokenKeys } from "./token-keys";

/**
 * Token keys as jose wants them, imported once per key set: importing a JWK or a secret is
 * most of the cost of a verification, and every request verifies one token.
 */

export interface SigningMaterial {
  alg: string;
  kid?: string;
  key: CryptoKey;
}

export interface VerificationMaterial {
  /** The only algorithms accepted: HS256 in legacy mode, ES256 in asymmetric mode. */
  algorithms: string[];
  key: CryptoKey | JWTVerifyGetKey;
}

const signers = new WeakMap<object, Promise<SigningMaterial>>();
const verifiers = new WeakMap<object, Promise<VerificationMaterial>>();

export function signingMaterial(keys: TokenKeys): Promise<SigningMaterial> {
  let material = signers.get(keys);
  if (!material) {
    material =
      keys.mode === "legacy"
        ? jwtCryptoKey(keys.secret).then((key) => ({ alg: "HS256", key }))
        : (importJWK(keys.current, SIGNING_ALGORITHM) as Promise<CryptoKey>).then((key) => ({
            alg: SIGNING_ALGORITHM,
            kid: keys.current.kid,
            key,
          }));
    signers.set(keys, material);
  }
  return material;
}

export function verificationMaterial(keys: TokenKeys): Promise<VerificationMaterial> {
  let material = verifiers.get(keys);
  if (!material) {
    material =
      keys.mode === "legacy"
        ? jwtCryptoKey(keys.secret).then((key) => ({ algorithms: ["HS256"], key }))
        : Promise.resolve({ algorithms: [SIGNING_ALGORITHM], key: byKid(keys) });
    verifiers.set(keys, material);
  }
  return material;
}

/**
 * The key a token's `kid` names, among the public halves only. jose would also take a token
 * with no `kid` when one key fits; Busymate's tokens always name theirs, so one without is refused.
 */
function byKid(keys: Extract<TokenKeys, { mode: "asymmetric" }>): JWTVerifyGetKey {
  const jwks = createLocalJWKSet({ keys: verifyingJwks(keys).map(publicJwk) });
  return (header, token) => {
    if (typeof header.kid !== "string") throw new joseErrors.JWKSNoMatchingKey("the token names no kid");
    return jwks(header, token);
  };
}

/** Legacy secrets arrive as strings from older call sites; one key-set object per secret keeps the caches warm. */
const legacySets = new Map<string, TokenKeys>();

export function asTokenKeys(keys: TokenKeys | string): TokenKeys {
  if (typeof keys !== "string") return keys;
  let set = legacySets.get(keys);
  if (!set) legacySets.set(keys, (set = { mode: "legacy", secret: keys }));
  return set;
}
