import { generateKeyPairSync, randomUUID } from "node:crypto";
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { bearerChallenge, protectedResourceMetadataUrl, unauthorizedResponse } from "./challenge";
import { accessTokenClaims, deviceTokenClaims, nowSeconds, signToken } from "./sign";
import { DASHBOARD_CLIENT_ID, mayWrite, SCOPE_READ, SCOPE_WRITE } from "./token-model";
import { AccessTokenError, verifyAccessToken, verifyDeviceToken } from "./verify";

const origin = "https://busymate.example.com";
const secret = "a-test-secret-that-is-long-enough-for-hs256-0123456789";
const options = { issuer: origin, secret };
const userId = randomUUID();

const claims = (overrides: Record<string, unknown> = {}) => ({
  ...accessTokenClaims({ origin, userId, clientId: DASHBOARD_CLIENT_ID, scope: `${SCOPE_READ} ${SCOPE_WRITE}` }),
  ...overrides,
});

const signWith = (
  payload: Record<string, unknown>,
  key: Parameters<SignJWT["sign"]>[0] = new TextEncoder().encode(secret),
  alg = "HS256",
  typ = "at+jwt",
) => new SignJWT(payload).setProtectedHeader({ alg, typ }).sign(key);

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    if (error instanceof AccessTokenError) return error.problem;
    throw error;
  }
}

describe("verifyAccessToken", () => {
  it("accepts a token it issued and returns typed claims", async () => {
    const token = await signToken(claims(), secret);
    const verified = await verifyAccessToken(token, options);
    expect(verified).toMatchObject({
      sub: userId,
      role: "authenticated",
      client_id: DASHBOARD_CLIENT_ID,
      iss: origin,
      scope: `${SCOPE_READ} ${SCOPE_WRITE}`,
    });
    expect(verified.aud).toEqual(["authenticated", origin, `${origin}/mcp`]);
    expect(verified.exp - verified.iat).toBeLessThanOrEqual(3600);
    expect(mayWrite(verified)).toBe(true);
    expect(await verifyAccessToken(token, { ...options, audience: `${origin}/mcp` })).toMatchObject({ sub: userId });
  });

  it("reports a read-only token as such", async () => {
    const verified = await verifyAccessToken(await signToken(claims({ scope: SCOPE_READ }), secret), options);
    expect([...verified.scopes]).toEqual([SCOPE_READ]);
    expect(mayWrite(verified)).toBe(false);
  });

  it("refuses a token for another audience", async () => {
    expect(
      await problemOf(
        verifyAccessToken(await signWith(claims({ aud: ["authenticated", "https://other.example"] })), options),
      ),
    ).toBe("wrong_audience");
    // A Supabase session token names only the database.
    expect(await problemOf(verifyAccessToken(await signWith(claims({ aud: "authenticated" })), options))).toBe(
      "wrong_audience",
    );
  });

  it("refuses a token from another issuer", async () => {
    expect(await problemOf(verifyAccessToken(await signWith(claims({ iss: "https://evil.example" })), options))).toBe(
      "wrong_issuer",
    );
  });

  it("refuses alg none", async () => {
    const unsigned = new UnsecuredJWT(claims()).encode();
    expect(await problemOf(verifyAccessToken(unsigned, options))).toBe("bad_algorithm");
    // The same with the header forged to say at+jwt and an empty signature.
    const [, body] = unsigned.split(".");
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    expect(await problemOf(verifyAccessToken(`${header}.${body}.`, options))).toBe("bad_algorithm");
  });

  it("refuses other algorithms, even with a valid signature", async () => {
    expect(
      await problemOf(verifyAccessToken(await signWith(claims(), new TextEncoder().encode(secret), "HS512"), options)),
    ).toBe("bad_algorithm");
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    expect(await problemOf(verifyAccessToken(await signWith(claims(), privateKey, "ES256"), options))).toBe(
      "bad_algorithm",
    );
  });

  it("refuses an expired token", async () => {
    const now = nowSeconds();
    const token = await signWith(claims({ iat: now - 1000, exp: now - 60 }));
    expect(await problemOf(verifyAccessToken(token, options))).toBe("expired");
  });

  it("refuses a token signed with another key", async () => {
    const token = await signWith(
      claims(),
      new TextEncoder().encode("another-secret-of-sufficient-length-0123456789abc"),
    );
    expect(await problemOf(verifyAccessToken(token, options))).toBe("bad_signature");
  });

  it("refuses a tampered payload", async () => {
    const [header, , signature] = (await signToken(claims(), secret)).split(".");
    const forged = Buffer.from(JSON.stringify(claims({ sub: randomUUID() }))).toString("base64url");
    expect(await problemOf(verifyAccessToken(`${header}.${forged}.${signature}`, options))).toBe("bad_signature");
  });

  it("refuses a lifetime over one hour, a non-access typ, a device token, garbage and nothing", async () => {
    const now = nowSeconds();
    expect(await problemOf(verifyAccessToken(await signWith(claims({ iat: now, exp: now + 7200 })), options))).toBe(
      "invalid",
    );
    expect(await problemOf(verifyAccessToken(await signWith(claims(), undefined, "HS256", "JWT"), options))).toBe(
      "invalid",
    );
    const device = await signToken(deviceTokenClaims({ origin, deviceUuid: randomUUID() }), secret);
    expect(await problemOf(verifyAccessToken(device, options))).toBe("wrong_audience");
    expect(await problemOf(verifyAccessToken(await signWith(claims({ role: "service_role" })), options))).toBe(
      "wrong_role",
    );
    expect(await problemOf(verifyAccessToken("not.a.jwt", options))).toBe("malformed");
    expect(await problemOf(verifyAccessToken("abc", options))).toBe("malformed");
    expect(await problemOf(verifyAccessToken("", options))).toBe("missing");
  });
});

describe("verifyDeviceToken", () => {
  it("accepts a device token and refuses a person's", async () => {
    const deviceUuid = randomUUID();
    const verified = await verifyDeviceToken(
      await signToken(deviceTokenClaims({ origin, deviceUuid }), secret),
      options,
    );
    expect(verified).toMatchObject({ role: "device", sub: deviceUuid, device_uuid: deviceUuid });
    expect(await problemOf(verifyDeviceToken(await signToken(claims(), secret), options))).toBe("wrong_audience");
  });
});

describe("challenges", () => {
  it("point at the protected-resource metadata, path-inserted for /mcp", async () => {
    expect(protectedResourceMetadataUrl(origin)).toBe(`${origin}/.well-known/oauth-protected-resource`);
    expect(protectedResourceMetadataUrl(`${origin}/`, "/mcp")).toBe(
      `${origin}/.well-known/oauth-protected-resource/mcp`,
    );
    expect(bearerChallenge({ origin, resourcePath: "/mcp" })).toBe(
      `Bearer scope="busymate:read busymate:write", resource_metadata="${origin}/.well-known/oauth-protected-resource/mcp"`,
    );
  });

  it("a refused token gets 401 invalid_token in the app's error shape", async () => {
    const response = unauthorizedResponse(new AccessTokenError("expired", "The access token has expired."), { origin });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", error_description="The access token has expired.", scope="busymate:read busymate:write", resource_metadata="${origin}/.well-known/oauth-protected-resource"`,
    );
    expect(await response.json()).toMatchObject({
      error: { code: "UNAUTHORIZED", message: "The access token has expired." },
    });
  });
});
