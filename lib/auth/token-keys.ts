import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { JWK } from "jose";
import { z } from "zod";

/**
 * The keys Busymate signs and verifies its own tokens with, in one of Supabase's two modes:
 *
 *  - `legacy`: the project's HS256 JWT secret, shared with Supabase (which cannot rotate it
 *    any more and is retiring it). Nothing is published.
 *  - `asymmetric`: an ES256 private JWK with a `kid` that the Supabase project has imported as
 *    a signing key, so PostgREST and Realtime verify Busymate's tokens by that `kid`. Busymate
 *    signs with `current`, accepts `current` and every `trusted` key (the previous or the next
 *    key of a rotation), and publishes their public halves as its JWKS. HS256 is refused.
 */
export type TokenKeys = LegacyTokenKeys | AsymmetricTokenKeys;

export interface LegacyTokenKeys {
  mode: "legacy";
  secret: string;
}

export interface AsymmetricTokenKeys {
  mode: "asymmetric";
  /** The private JWK new tokens are signed with (`kid` in their header). */
  current: JWK;
  /** More keys that verify; private or public, only their public halves are ever published. */
  trusted: JWK[];
}

export const SIGNING_ALGORITHM = "ES256";

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, "must be base64url");

/** An EC P-256 key as a JWK with a `kid`; `d` present for a private key. */
const ecJwk = z
  .object({
    kty: z.literal("EC", { error: 'kty must be "EC" (an ES256 key)' }),
    crv: z.literal("P-256", { error: 'crv must be "P-256" (an ES256 key)' }),
    x: base64url,
    y: base64url,
    d: base64url.optional(),
    kid: z.string().trim().min(1, "the key needs a kid").max(200),
    alg: z.literal(SIGNING_ALGORITHM, { error: 'alg must be "ES256" when set' }).optional(),
    use: z.literal("sig", { error: 'use must be "sig" when set' }).optional(),
  })
  .loose();

const jsonText = (what: string) =>
  z.string().transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: `not JSON (${what})` });
      return z.NEVER;
    }
  });

/** BUSYMATE_JWT_SIGNING_KEY: a private ES256 JWK, as JSON. */
export const signingKeySchema = jsonText("a private JWK").pipe(
  ecJwk.refine((jwk) => jwk.d !== undefined, "the key has no d: this is a public key, Busymate needs the private one"),
);

/** BUSYMATE_JWT_TRUSTED_KEYS: a JWK, an array of JWKs or a JWKS `{"keys":[…]}`, as JSON. */
export const trustedKeysSchema = jsonText("a JWK, an array of JWKs or a JWKS").pipe(
  z
    .union([
      z.object({ keys: z.array(ecJwk) }).transform((set) => set.keys),
      z.array(ecJwk),
      ecJwk.transform((k) => [k]),
    ])
    .refine((keys) => new Set(keys.map((key) => key.kid)).size === keys.length, "two keys share a kid"),
);

/** The public half of a JWK, as a JWKS lists it (never `d`). */
export function publicJwk(jwk: JWK): JWK {
  const { kty, crv, x, y, kid } = jwk;
  return { kty, crv, x, y, kid, alg: SIGNING_ALGORITHM, use: "sig", key_ops: ["verify"] };
}

/** The keys that verify a token, current first, each `kid` once. */
export function verifyingJwks(keys: AsymmetricTokenKeys): JWK[] {
  const seen = new Set<string>();
  return [keys.current, ...keys.trusted].filter((key) => {
    if (!key.kid || seen.has(key.kid)) return false;
    seen.add(key.kid);
    return true;
  });
}

/** What Busymate publishes as its JWKS: the public halves of its access-token keys (none in legacy mode). */
export function appJwks(keys: TokenKeys): { keys: JWK[] } {
  return { keys: keys.mode === "asymmetric" ? verifyingJwks(keys).map(publicJwk) : [] };
}

/**
 * A new private signing key as Supabase's "import a private key" takes it (the shape of
 * `supabase gen signing-key --algorithm ES256`): EC P-256 with `d`, a random `kid`, alg ES256.
 */
export function generateSigningKey(): JWK {
  const { kty, crv, x, y, d } = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  return { kty, kid: randomUUID(), use: "sig", alg: SIGNING_ALGORITHM, crv, x, y, d };
}

/** The token keys of a `local.env`-style environment (tests and scripts that talk to a running stack). */
export function tokenKeysFromEnv(env: Record<string, string | undefined>): TokenKeys | undefined {
  return tokenKeysFrom({
    signingKey: env.BUSYMATE_JWT_SIGNING_KEY ? signingKeySchema.parse(env.BUSYMATE_JWT_SIGNING_KEY) : undefined,
    trustedKeys: env.BUSYMATE_JWT_TRUSTED_KEYS ? trustedKeysSchema.parse(env.BUSYMATE_JWT_TRUSTED_KEYS) : undefined,
    jwtSecret: env.SUPABASE_JWT_SECRET,
  });
}

/** The token keys of a configuration: asymmetric when a signing key is set, else the legacy secret. */
export function tokenKeysFrom(config: {
  signingKey?: JWK;
  trustedKeys?: JWK[];
  jwtSecret?: string;
}): TokenKeys | undefined {
  if (config.signingKey) return { mode: "asymmetric", current: config.signingKey, trusted: config.trustedKeys ?? [] };
  if (config.jwtSecret) return { mode: "legacy", secret: config.jwtSecret };
  return undefined;
}
