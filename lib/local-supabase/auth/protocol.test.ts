import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBytes } from "@/lib/local-supabase/keys";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/**
 * The wire details a client parses: error bodies for both API versions, bad input of every
 * kind answered with a 4xx, and the keys the gateway accepts.
 */
describe("Auth on the wire", () => {
  let stack: TestSupabase;
  const generous = { limit: 10_000, windowSeconds: 300 };
  beforeAll(async () => {
    // Rate limits have their own file; here they must not get in the way.
    stack = await startTestSupabase({ auth: { rateLimits: { signInPerIp: generous, signInPerEmail: generous } } });
  });
  afterAll(() => stack?.stop());

  const call = (
    path: string,
    {
      method = "POST",
      body,
      headers = {},
    }: { method?: string; body?: string | object; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${stack.url}/auth/v1${path}`, {
      method,
      headers: { apikey: stack.keys.publishableKey, "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const v2024 = { "X-Supabase-Api-Version": "2024-01-01" };

  it("answers errors in the 2024-01-01 shape and echoes the version when asked, else in the initial shape", async () => {
    const current = await call("/token?grant_type=password", {
      body: { email: "nobody@example.com", password: "whatever" },
      headers: v2024,
    });
    expect(current.status).toBe(400);
    expect(current.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    expect(current.headers.get("x-sb-error-code")).toBe("invalid_credentials");
    expect(await current.json()).toEqual({ code: "invalid_credentials", message: "Invalid login credentials" });

    const initial = await call("/token?grant_type=password", {
      body: { email: "nobody@example.com", password: "whatever" },
    });
    expect(initial.headers.get("x-supabase-api-version")).toBeNull();
    expect(await initial.json()).toEqual({
      code: 400,
      error_code: "invalid_credentials",
      msg: "Invalid login credentials",
    });

    // A later date maps to the latest version GoTrue knows; an older or broken one to the initial.
    const later = await call("/token?grant_type=password", {
      body: { email: "nobody@example.com", password: "x" },
      headers: { "X-Supabase-Api-Version": "2026-06-01" },
    });
    expect(later.headers.get("x-supabase-api-version")).toBe("2024-01-01");
    const broken = await call("/token?grant_type=password", {
      body: { email: "nobody@example.com", password: "x" },
      headers: { "X-Supabase-Api-Version": "soon" },
    });
    expect((await broken.json()).error_code).toBe("invalid_credentials");
  });

  it("answers bad bodies with 400 bad_json or validation_failed, never 500", async () => {
    const cases: [string, string | object, string, string][] = [
      ["/signup", "{not json", "bad_json", "Could not parse request body as JSON"],
      ["/signup", "", "bad_json", "Could not parse request body as JSON"],
      ["/signup", [1, 2], "bad_json", "Could not parse request body as JSON"],
      ["/signup", { email: 42, password: "secret123" }, "bad_json", "Could not parse request body as JSON: email"],
      ["/signup", { email: "a@example.com" }, "validation_failed", "Signup requires a valid password"],
      [
        "/signup",
        { email: "not-an-address", password: "secret123" },
        "validation_failed",
        "Unable to validate email address: invalid format",
      ],
      [
        "/signup",
        { email: "a@example.com", password: "x".repeat(73) },
        "validation_failed",
        "Password cannot be longer than 72 characters",
      ],
      [
        "/signup",
        { email: "a@example.com", password: "secret123", code_challenge: "abc" },
        "validation_failed",
        "PKCE flow requires code_challenge_method and code_challenge",
      ],
      ["/token?grant_type=password", { password: "secret123" }, "validation_failed", "missing email or phone"],
      [
        "/token?grant_type=password",
        { email: "a@example.com", password: "secret123", data: "ignored" },
        "invalid_credentials",
        "Invalid login credentials",
      ],
      ["/token?grant_type=refresh_token", {}, "validation_failed", "Refresh token is not valid"],
      ["/token?grant_type=magic", {}, "invalid_credentials", "unsupported_grant_type"],
    ];
    for (const [path, body, code, message] of cases) {
      const response = await call(path, { body, headers: v2024 });
      expect(response.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      const json = await response.json();
      expect(json.code).toBe(code);
      expect(json.message).toContain(message);
    }
    // Anonymous sign-ups are off, as in the CLI's config.
    const anonymous = await call("/signup", { body: {}, headers: v2024 });
    expect(anonymous.status).toBe(422);
    expect((await anonymous.json()).code).toBe("anonymous_provider_disabled");
  });

  it("refuses what PostgreSQL could not store with a 400, not a 500", async () => {
    const nul = await call("/signup", {
      body: '{"email":"nul@example.com","password":"secret\\u0000123"}',
      headers: v2024,
    });
    expect(nul.status).toBe(400);
    expect((await nul.json()).code).toBe("bad_json");
    const nulKey = await call("/signup", {
      body: '{"email":"nul@example.com","password":"secret123","data":{"a\\u0000":1}}',
      headers: v2024,
    });
    expect(nulKey.status).toBe(400);

    const longRole = await call("/admin/users", {
      body: { email: "role@example.com", password: "secret123", role: "r".repeat(300) },
      headers: { ...v2024, apikey: stack.keys.secretKey },
    });
    expect(longRole.status).toBe(400);
    expect(await longRole.json()).toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("too long"),
    });
    const { rowCount } = await stack.owner.query("SELECT 1 FROM auth.users WHERE email = 'role@example.com'");
    expect(rowCount).toBe(0);
  });

  it("refuses a body over 1 MiB with 413", async () => {
    const response = await call("/signup", {
      body: { email: "big@example.com", password: "secret123", data: { blob: "x".repeat(1_100_000) } },
      headers: v2024,
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      code: "request_entity_too_large",
      message: "Request body too large (max 1048576 bytes)",
    });
  });

  it("asks for a bearer token, rejects forged or expired ones, and refuses keys of another project", async () => {
    const noToken = await fetch(`${stack.url}/auth/v1/user`, { headers: v2024 });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toEqual({
      code: "no_authorization",
      message: "This endpoint requires a valid Bearer token",
    });

    // The publishable key alone becomes the anon JWT upstream: a valid token without a user.
    const anon = await call("/user", { method: "GET", headers: v2024 });
    expect(anon.status).toBe(403);
    expect(await anon.json()).toEqual({ code: "bad_jwt", message: "invalid claim: missing sub claim" });

    const forged = await new SignJWT({ sub: randomUUID(), role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(secretBytes("another-secret-of-at-least-thirty-two-characters"));
    const expired = await new SignJWT({ sub: randomUUID(), role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secretBytes(stack.keys.jwtSecret));
    const unknownUser = await new SignJWT({ sub: randomUUID(), role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(secretBytes(stack.keys.jwtSecret));
    const expectations: [string, number, string, string][] = [
      [
        forged,
        403,
        "bad_jwt",
        "invalid JWT: unable to parse or verify signature, token signature is invalid: signature is invalid",
      ],
      [
        expired,
        403,
        "bad_jwt",
        "invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired",
      ],
      ["not.a-jwt", 403, "bad_jwt", "invalid JWT: unable to parse or verify signature, token is malformed"],
      [unknownUser, 403, "user_not_found", "User from sub claim in JWT does not exist"],
    ];
    for (const [token, status, code, message] of expectations) {
      const response = await call("/user", { method: "GET", headers: { ...v2024, Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(status);
      const json = await response.json();
      expect(json.code).toBe(code);
      expect(json.message).toContain(message);
    }

    const wrongKey = await fetch(`${stack.url}/auth/v1/settings`, {
      headers: { apikey: "sb_publishable_not_this_project" },
    });
    expect(wrongKey.status).toBe(401);
    expect((await wrongKey.json()).message).toBe("Invalid API key");
  });

  it("serves health, settings and the JWKS (empty for a legacy secret), and answers unknown routes and methods with JSON", async () => {
    expect(await (await call("/health", { method: "GET" })).json()).toMatchObject({ name: "GoTrue" });
    expect(await (await call("/settings", { method: "GET" })).json()).toMatchObject({
      disable_signup: false,
      mailer_autoconfirm: true,
      external: { email: true, phone: false },
    });
    const jwks = await call("/.well-known/jwks.json", { method: "GET" });
    const signing = stack.keys.signing;
    expect(await jwks.json()).toEqual({
      keys: signing ? [expect.objectContaining({ kid: signing.current.kid, alg: "ES256", kty: "EC" })] : [],
    });
    expect(jwks.headers.get("cache-control")).toBe("public, max-age=600");
    const unknown = await call("/otp", { headers: v2024, body: {} });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ code: "not_found", message: "Not Found" });
    const method = await call("/signup", { method: "GET", headers: v2024 });
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("POST");
  });
});
