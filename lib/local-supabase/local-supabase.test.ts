import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalSupabase, ProductionModeError } from "@/lib/local-supabase";
import { createApiKeys, JwtError, upstreamToken, verifyJwt } from "@/lib/local-supabase/keys";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

describe("the stand-in's gateway", () => {
  let stack: TestSupabase;
  beforeAll(async () => {
    stack = await startTestSupabase();
  }, 120_000);
  afterAll(() => stack?.stop());

  it("refuses to start in production mode", async () => {
    await expect(
      startLocalSupabase({
        mode: "production",
        host: "127.0.0.1",
        port: 1,
        databaseUrl: stack.postgres.url,
        keys: stack.keys,
      }),
    ).rejects.toBeInstanceOf(ProductionModeError);
  });

  it("answers a CORS preflight with the requested headers and any origin", async () => {
    const response = await fetch(`${stack.url}/rest/v1/devices`, {
      method: "OPTIONS",
      headers: {
        Origin: "http://localhost:3000",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "apikey, authorization, x-client-info, prefer, range",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "apikey, authorization, x-client-info, prefer, range",
    );
  });

  it("answers paths no service owns as Supabase's gateway does, and logs every request", async () => {
    const response = await fetch(`${stack.url}/storage/v1/bucket`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "no Route matched with those values" });
    expect(response.headers.get("access-control-expose-headers")).toContain("Content-Range");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stack.log.some((line) => line.startsWith("GET /storage/v1/bucket 404"))).toBe(true);
  });

  it("keeps keys and tokens in query strings out of the log", async () => {
    await fetch(`${stack.url}/nowhere?apikey=${stack.keys.secretKey}&x=1&access_token=abc.def.ghi`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = stack.log.find((entry) => entry.startsWith("GET /nowhere"));
    expect(line).toContain("/nowhere?apikey=***&x=1&access_token=*** 404");
    expect(stack.log.join("\n")).not.toContain(stack.keys.secretKey);
  });
});

describe("key translation", () => {
  const secrets = {
    jwtSecret: "a-test-secret-of-at-least-thirty-two-characters",
    publishableKey: "sb_publishable_test",
    secretKey: "sb_secret_test",
  };

  it("turns opaque keys into the legacy JWTs and passes user tokens through", async () => {
    const keys = await createApiKeys(secrets);
    expect(upstreamToken(keys, { apikey: "sb_secret_test" })).toEqual({ token: keys.serviceRoleJwt });
    expect(upstreamToken(keys, { apikey: "sb_publishable_test", authorization: "Bearer sb_publishable_test" })).toEqual(
      { token: keys.anonJwt },
    );
    expect(upstreamToken(keys, { apikey: "sb_publishable_test", authorization: "Bearer user.jwt.here" })).toEqual({
      token: "user.jwt.here",
    });
    expect(upstreamToken(keys, { apikey: "sb_publishable_wrong" })).toEqual({ invalidKey: "sb_publishable_wrong" });
    expect(upstreamToken(keys, { authorization: "Bearer sb_secret_forged" })).toEqual({
      invalidKey: "sb_secret_forged",
    });
    expect(upstreamToken(keys, {})).toEqual({});
    expect((await verifyJwt(keys, keys.anonJwt)).role).toBe("anon");
    expect((await verifyJwt(keys, keys.serviceRoleJwt)).role).toBe("service_role");
  });

  it("rejects a token signed with another secret", async () => {
    const keys = await createApiKeys(secrets);
    const other = await createApiKeys({ ...secrets, jwtSecret: "another-secret-of-at-least-thirty-two-characters" });
    await expect(verifyJwt(keys, other.anonJwt)).rejects.toBeInstanceOf(JwtError);
    await expect(verifyJwt(keys, "not-a-jwt")).rejects.toMatchObject({ problem: "malformed" });
  });
});
