import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";

/** Sign-in rate limits, small here so a handful of requests reaches them. */
describe("Auth rate limits", () => {
  let stack: TestSupabase;
  const limits = {
    signInPerIp: { limit: 8, windowSeconds: 300 },
    signInPerEmail: { limit: 3, windowSeconds: 300 },
    tokenRefreshPerIp: { limit: 2, windowSeconds: 60 },
  };
  beforeAll(async () => {
    stack = await startTestSupabase({ auth: { rateLimits: limits } });
  });
  afterAll(() => stack?.stop());
  beforeEach(async () => {
    await stack.owner.query("DELETE FROM auth.stand_in_rate_limits");
  });

  const call = (path: string, body: object) =>
    fetch(`${stack.url}/auth/v1${path}`, {
      method: "POST",
      headers: {
        apikey: stack.keys.publishableKey,
        "Content-Type": "application/json",
        "X-Supabase-Api-Version": "2024-01-01",
      },
      body: JSON.stringify(body),
    });

  it("limits sign-ins per email, then per IP, with 429 over_request_rate_limit and Retry-After, kept in Postgres", async () => {
    const email = `limited-${randomUUID().slice(0, 8)}@example.com`;
    const signIn = (address: string) =>
      stack.client().auth.signInWithPassword({ email: address, password: "wrong password" });

    for (let i = 0; i < limits.signInPerEmail.limit; i += 1)
      expect((await signIn(email)).error?.code).toBe("invalid_credentials");
    const perEmail = await signIn(email);
    expect(perEmail.error).toMatchObject({
      name: "AuthApiError",
      status: 429,
      code: "over_request_rate_limit",
      message: "Request rate limit reached",
    });

    // Another address from the same IP still gets through until the IP's budget is spent.
    const used = limits.signInPerEmail.limit + 1;
    for (let i = used; i < limits.signInPerIp.limit; i += 1)
      expect((await signIn(`other-${i}-${email}`)).error?.code).toBe("invalid_credentials");
    const response = await call("/token?grant_type=password", { email: `fresh-${email}`, password: "x" });
    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({ code: "over_request_rate_limit", message: "Request rate limit reached" });
    // A full bucket of 8 refills one request every 300 / 8 = 37.5 s.
    const retryAfter = Number(response.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(38);
    // Sign-ups share the IP's budget (the CLI's sign_in_sign_ups).
    expect((await stack.client().auth.signUp({ email: `new-${email}`, password: "secret123" })).error?.status).toBe(
      429,
    );

    const { rows } = await stack.owner.query<{ bucket: string }>(
      "SELECT bucket FROM auth.stand_in_rate_limits ORDER BY bucket",
    );
    expect(rows.map((row) => row.bucket)).toContain(`sign_in_email:${email}`);
    expect(rows.some((row) => row.bucket.startsWith("sign_in_ip:"))).toBe(true);

    // As if the window had passed: the buckets are full again.
    await stack.owner.query("UPDATE auth.stand_in_rate_limits SET refilled_at = refilled_at - interval '10 minutes'");
    expect((await signIn(email)).error?.code).toBe("invalid_credentials");
  });

  it("limits refresh-token grants per IP", async () => {
    const refresh = () => call("/token?grant_type=refresh_token", { refresh_token: "abcdefghijkl" });
    for (let i = 0; i < limits.tokenRefreshPerIp.limit; i += 1) expect((await refresh()).status).toBe(400);
    const limited = await refresh();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
