import { randomUUID } from "node:crypto";
import { decodeProtectedHeader, importJWK, SignJWT, UnsecuredJWT, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims, deviceTokenClaims, nowSeconds, signToken } from "./sign";
import { appJwks, generateSigningKey, publicJwk, type TokenKeys } from "./token-keys";
import { DASHBOARD_CLIENT_ID, SCOPE_READ } from "./token-model";
import { AccessTokenError, verifyAccessToken, verifyDeviceToken } from "./verify";

/** Busymate's own tokens in asymmetric mode: ES256, the current key's kid, verified by kid. */

const origin = "https://busymate.example.com";
const secret = "a-legacy-secret-that-is-long-enough-for-hs256-0123456789";
let current: JWK;
let previous: JWK;
let keys: TokenKeys;

const claims = (overrides: Record<string, unknown> = {}) => ({
  ...accessTokenClaims({ origin, userId: randomUUID(), clientId: DASHBOARD_CLIENT_ID, scope: SCOPE_READ }),
  ...overrides,
});

async function es256(payload: Record<string, unknown>, key: JWK, header: Record<string, unknown> = {}) {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "at+jwt", ...header })
    .sign(await importJWK(key, "ES256"));
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof AccessTokenError) return error.problem;
    throw error;
  }
}

beforeAll(async () => {
  current = generateSigningKey();
  previous = generateSigningKey();
  keys = { mode: "asymmetric", current, trusted: [publicJwk(previous)] };
});

describe("asymmetric token keys", () => {
  it("a new key has the shape Supabase imports: EC P-256, d, a kid, alg ES256", () => {
    expect(current).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(current.d).toEqual(expect.any(String));
    expect(current.kid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("signs with the current key's kid and verifies by kid, the previous key's tokens too", async () => {
    const token = await signToken(claims(), keys);
    expect(decodeProtectedHeader(token)).toEqual({ alg: "ES256", kid: current.kid, typ: "at+jwt" });
    const options = { issuer: origin, keys };
    expect(await verifyAccessToken(token, options)).toMatchObject({ role: "authenticated", iss: origin });
    expect(await problemOf(verifyAccessToken(await es256(claims(), previous), options))).toBe("accepted");
    const device = await signToken(deviceTokenClaims({ origin, deviceUuid: randomUUID() }), keys);
    expect(await verifyDeviceToken(device, options)).toMatchObject({ role: "device" });
  });

  it("refuses an unknown kid, no kid, a forged key under a known kid, HS256, alg none and an expired token", async () => {
    const options = { issuer: origin, keys };
    const stranger = generateSigningKey();
    expect(await problemOf(verifyAccessToken(await es256(claims(), stranger), options))).toBe("unknown_key");
    expect(await problemOf(verifyAccessToken(await es256(claims(), stranger, { kid: undefined }), options))).toBe(
      "unknown_key",
    );
    expect(await problemOf(verifyAccessToken(await es256(claims(), stranger, { kid: current.kid }), options))).toBe(
      "bad_signature",
    );
    // The legacy secret signs nothing Busymate accepts once a signing key is configured.
    const hs256 = await signToken(claims(), secret);
    expect(await problemOf(verifyAccessToken(hs256, options))).toBe("bad_algorithm");
    const unsigned = new UnsecuredJWT(claims()).encode();
    expect(await problemOf(verifyAccessToken(unsigned, options))).toBe("bad_algorithm");
    const now = nowSeconds();
    expect(
      await problemOf(verifyAccessToken(await es256(claims({ iat: now - 1000, exp: now - 60 }), current), options)),
    ).toBe("expired");
    // And the other way round: a legacy app refuses ES256.
    expect(await problemOf(verifyAccessToken(await signToken(claims(), keys), { issuer: origin, secret }))).toBe(
      "bad_algorithm",
    );
  });

  it("publishes the public halves only, current first; nothing in legacy mode", () => {
    const { keys: published } = appJwks(keys);
    expect(published.map((key) => key.kid)).toEqual([current.kid, previous.kid]);
    for (const key of published) {
      expect(key).not.toHaveProperty("d");
      expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", key_ops: ["verify"] });
    }
    expect(appJwks({ mode: "legacy", secret })).toEqual({ keys: [] });
  });
});
