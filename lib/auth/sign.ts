import "server-only";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { asTokenKeys, signingMaterial } from "./key-material";
import type { TokenKeys } from "./token-keys";
import {
  ACCESS_TOKEN_TTL_S,
  ACCESS_TOKEN_TYPE,
  DEVICE_TOKEN_TTL_S,
  accessTokenAudience,
  deviceTokenAudience,
  normaliseOrigin,
  type AccessTokenClaims,
  type DeviceTokenClaims,
} from "./token-model";

/**
 * Mints the tokens described in token-model.ts. The OAuth server shapes its own JWTs with
 * `accessTokenClaims` too (lib/oauth/provider.ts), so both paths produce the same claims.
 */

export interface AccessTokenInput {
  origin: string;
  userId: string;
  clientId: string;
  scope: string;
  now?: number;
  ttlSeconds?: number;
  jti?: string;
}

export function accessTokenClaims({
  origin,
  userId,
  clientId,
  scope,
  now = nowSeconds(),
  ttlSeconds = ACCESS_TOKEN_TTL_S,
  jti = randomUUID(),
}: AccessTokenInput): AccessTokenClaims {
  return {
    iss: normaliseOrigin(origin),
    sub: userId,
    aud: accessTokenAudience(origin),
    role: "authenticated",
    client_id: clientId,
    scope,
    iat: now,
    exp: now + ttlSeconds,
    jti,
  };
}

export function deviceTokenClaims({
  origin,
  deviceUuid,
  now = nowSeconds(),
  ttlSeconds = DEVICE_TOKEN_TTL_S,
}: {
  origin: string;
  deviceUuid: string;
  now?: number;
  ttlSeconds?: number;
}): DeviceTokenClaims {
  return {
    iss: normaliseOrigin(origin),
    sub: deviceUuid,
    aud: deviceTokenAudience(origin),
    role: "device",
    device_uuid: deviceUuid,
    iat: now,
    exp: now + ttlSeconds,
    jti: randomUUID(),
  };
}

/**
 * Signs with the configured keys: ES256 with the current key's `kid` in the header, or HS256
 * with the legacy secret (a string is the legacy secret).
 */
export async function signToken(
  claims: AccessTokenClaims | DeviceTokenClaims,
  keys: TokenKeys | string,
): Promise<string> {
  const { alg, kid, key } = await signingMaterial(asTokenKeys(keys));
  return new SignJWT({ ...claims })
    .setProtectedHeader({ alg, ...(kid ? { kid } : {}), typ: ACCESS_TOKEN_TYPE })
    .sign(key);
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
