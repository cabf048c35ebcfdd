import { createHash, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { ASYMMETRIC_ALGORITHMS, currentSigningKey, jwksResolver, type SigningKeys } from "./signing-keys";

/**
 * The stand-in's key scheme, as the Supabase CLI's local stack has it: one JWT secret
 * (HS256), the legacy `anon` / `service_role` JWT keys signed with it, and the opaque
 * `sb_publishable_…` / `sb_secret_…` keys that the gateway translates into those JWTs.
 */
export interface ApiKeys {
  jwtSecret: string;
  publishableKey: string;
  secretKey: string;
  /** Legacy JWT key for role `anon` (what `sb_publishable_…` becomes upstream). */
  anonJwt: string;
  /** Legacy JWT key for role `service_role` (what `sb_secret_…` becomes upstream). */
  serviceRoleJwt: string;
  /**
   * Asymmetric signing keys (Supabase's current default). Without them the project is in
   * legacy mode: Auth signs with the secret and only HS256 verifies.
   */
  signing?: SigningKeys;
}

/** The CLI's legacy keys expire in 2032; ours are per install, so the same horizon is fine. */
const LEGACY_KEY_EXPIRY = 1_983_812_996;

export async function signLegacyKey(jwtSecret: string, role: "anon" | "service_role"): Promise<string> {
  return new SignJWT({ iss: "supabase-demo", role, exp: LEGACY_KEY_EXPIRY })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(secretBytes(jwtSecret));
}

export async function createApiKeys(secrets: {
  jwtSecret: string;
  publishableKey: string;
  secretKey: string;
  signing?: SigningKeys;
}): Promise<ApiKeys> {
  // Once the legacy secret is revoked, what the gateway turns the opaque keys into must be
  // signed with the project's signing key, or nothing would verify it.
  const sign = async (role: "anon" | "service_role") =>
    secrets.signing && !secrets.signing.legacySecretAccepted
      ? new SignJWT({ iss: "supabase-demo", role, exp: LEGACY_KEY_EXPIRY })
          .setProtectedHeader({
            alg: secrets.signing.current.alg ?? "ES256",
            kid: secrets.signing.current.kid,
            typ: "JWT",
          })
          .sign(await currentSigningKey(secrets.signing))
      : signLegacyKey(secrets.jwtSecret, role);
  return { ...secrets, anonJwt: await sign("anon"), serviceRoleJwt: await sign("service_role") };
}

export function secretBytes(jwtSecret: string): Uint8Array {
  return new TextEncoder().encode(jwtSecret);
}

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison, so a key cannot be guessed byte by byte from response times. */
function sameKey(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * What the gateway turns an opaque key into: the secret key becomes the service-role JWT,
 * the publishable key the anon JWT; anything else (a legacy JWT key, a user's token) passes
 * through unchanged. Returns undefined for an `sb_…` string that is neither of our keys.
 */
export function translateKey(keys: ApiKeys, key: string): string | undefined {
  if (!key.startsWith("sb_")) return key;
  if (sameKey(key, keys.secretKey)) return keys.serviceRoleJwt;
  if (sameKey(key, keys.publishableKey)) return keys.anonJwt;
  return undefined;
}

/**
 * The bearer token a request reaches Auth and REST with, as the CLI's Kong computes it:
 * the incoming `Authorization` if present and not an opaque `sb_…` key; else the `apikey`
 * header translated; else nothing (PostgREST then treats the request as `anon`).
 */
export function upstreamToken(keys: ApiKeys, headers: Headers): { token?: string; invalidKey?: string } {
  const authorization = header(headers, "authorization");
  const bearer = authorization && /^bearer\s+(.+)$/i.exec(authorization.trim())?.[1];
  if (bearer && !bearer.startsWith("sb_")) return { token: bearer };
  const apikey = header(headers, "apikey") ?? bearer;
  if (!apikey) return {};
  const token = translateKey(keys, apikey);
  return token ? { token } : { invalidKey: apikey };
}

export type JwtProblem = "expired" | "invalid" | "malformed";

export class JwtError extends Error {
  constructor(
    readonly problem: JwtProblem,
    message: string,
  ) {
    super(message);
    this.name = "JwtError";
  }
}

/**
 * How a project verifies a token (its algorithms, and the key for each token): the secret
 * for HS256 while it is accepted, and with signing keys the key the token's `kid` names in
 * the project's JWKS.
 */
export function verificationKeys(keys: ApiKeys): { algorithms: string[]; key: JWTVerifyGetKey } {
  const { signing } = keys;
  const secret = secretBytes(keys.jwtSecret);
  const algorithms = [
    ...(!signing || signing.legacySecretAccepted ? ["HS256"] : []),
    ...(signing ? ASYMMETRIC_ALGORITHMS : []),
  ];
  const key: JWTVerifyGetKey = (header, token) =>
    header.alg === "HS256" || !signing ? secret : jwksResolver(signing)(header, token);
  return { algorithms, key };
}

/**
 * Verifies a JWT as PostgREST and Realtime do: by the project's keys (the HS256 secret,
 * and asymmetric keys by `kid` once it has them), `exp` in the future. `iss` and `aud` are
 * not checked here (PostgREST's `jwt-aud` is unset on Supabase); app surfaces that need
 * them check them on top.
 */
export async function verifyJwt(
  keys: ApiKeys,
  token: string,
  { clockToleranceS = 0 }: { clockToleranceS?: number } = {},
): Promise<JWTPayload & { role?: string }> {
  if (token.split(".").length !== 3)
    throw new JwtError("malformed", `Expected 3 parts in JWT; got ${token.split(".").length}`);
  try {
    const { algorithms, key } = verificationKeys(keys);
    const { payload } = await jwtVerify(token, key, { algorithms, clockTolerance: clockToleranceS });
    return payload as JWTPayload & { role?: string };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new JwtError("expired", "JWT expired");
    if (error instanceof joseErrors.JWSSignatureVerificationFailed)
      throw new JwtError("invalid", "JWSError JWSInvalidSignature");
    // A `kid` (or key type) none of the project's keys has: PostgREST's KeyError.
    if (error instanceof joseErrors.JWKSNoMatchingKey || error instanceof joseErrors.JWKSMultipleMatchingKeys)
      throw new JwtError("invalid", "No suitable key or wrong key type");
    throw new JwtError("invalid", (error as Error).message);
  }
}
