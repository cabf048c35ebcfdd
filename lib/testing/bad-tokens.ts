import { randomBytes } from "node:crypto";
import { importJWK, SignJWT, UnsecuredJWT } from "jose";
import { accessTokenClaims, nowSeconds, signToken } from "@/lib/auth/sign";
import { generateSigningKey, type TokenKeys } from "@/lib/auth/token-keys";
import { DASHBOARD_CLIENT_ID, SCOPE_READ } from "@/lib/auth/token-model";

/**
 * Busymate-shaped tokens that every surface (REST, Realtime, /mcp) must refuse, whatever the
 * signing mode: each differs from a good token in one way only.
 *
 *  - `unknown_kid`: ES256, signed by a key nobody imported, its own kid in the header.
 *  - `wrong_alg`:  asymmetric mode: HS256 with `secret` (Busymate refuses HS256 outright once it
 *                  has a signing key; Supabase too once the legacy secret is revoked, so pass the
 *                  project's secret only to a surface that must refuse it); legacy mode: ES256
 *                  with no kid.
 *  - `alg_none`:   unsigned.
 *  - `expired`:    signed as configured, expired two minutes ago (beyond any clock leeway).
 */
export async function badTokens(
  keys: TokenKeys,
  {
    origin,
    userId,
    secret = randomBytes(40).toString("base64url"),
  }: { origin: string; userId: string; secret?: string },
): Promise<Record<"unknown_kid" | "wrong_alg" | "alg_none" | "expired", string>> {
  const claims = accessTokenClaims({ origin, userId, clientId: DASHBOARD_CLIENT_ID, scope: SCOPE_READ });
  const stranger = generateSigningKey();
  const strangerKey = await importJWK(stranger, "ES256");
  const now = nowSeconds();
  return {
    unknown_kid: await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: "ES256", kid: stranger.kid, typ: "at+jwt" })
      .sign(strangerKey),
    wrong_alg:
      keys.mode === "asymmetric"
        ? await new SignJWT({ ...claims })
            .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
            .sign(new TextEncoder().encode(secret))
        : await new SignJWT({ ...claims }).setProtectedHeader({ alg: "ES256", typ: "at+jwt" }).sign(strangerKey),
    alg_none: new UnsecuredJWT({ ...claims }).encode(),
    expired: await signToken({ ...claims, iat: now - 1000, exp: now - 120 }, keys),
  };
}
