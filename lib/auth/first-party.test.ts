import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "@/lib/oauth/testing/browser";
import { startOAuthFixture, type OAuthFixture } from "@/lib/oauth/testing/oauth-fixture";
import { sessionCookieName } from "./dashboard-session";
import { verifyAccessToken } from "./verify";

/**
 * POST /first-party-token as the custom server answers it, with real Supabase Auth sessions
 * (the local stand-in) in @supabase/ssr cookies.
 */
let fx: OAuthFixture;

beforeAll(async () => {
  fx = await startOAuthFixture();
});

afterAll(async () => {
  await fx?.stop();
});

const post = (
  browser: TestBrowser,
  headers: Record<string, string> = { origin: browser.origin, "sec-fetch-site": "same-origin" },
) => browser.fetch("/first-party-token", { method: "POST", headers });

describe("POST /first-party-token", () => {
  it("exchanges the session for the Busymate token (read-write, the dashboard's client id)", async () => {
    const { person, browser } = await fx.signedIn("dash@example.com", "member");
    const logged = fx.supabase.log.length;
    const response = await post(browser);
    expect(response.status).toBe(200);
    // The session JWT was checked locally (signed with the legacy secret, or in asymmetric mode
    // with the imported key Auth signs with), not by a round trip to Auth's /user.
    expect(fx.supabase.log.slice(logged).filter((line) => line.includes("/auth/v1/user"))).toEqual([]);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toMatchObject({ token_type: "bearer", expires_in: 900 });
    const claims = await verifyAccessToken(body.access_token);
    expect(claims).toMatchObject({
      sub: person.id,
      role: "authenticated",
      client_id: "busymate-dashboard",
      scope: "busymate:read busymate:write",
      iss: fx.origin,
    });
    // Signed as configured (the imported key's kid, or the legacy secret), so the project takes it too.
    const keys = fx.supabase.tokenKeys;
    expect(decodeProtectedHeader(body.access_token)).toEqual(
      keys.mode === "asymmetric"
        ? { alg: "ES256", kid: keys.current.kid, typ: "at+jwt" }
        : { alg: "HS256", typ: "at+jwt" },
    );
    const rest = await fetch(`${fx.supabase.url}/rest/v1/devices?select=uuid`, {
      headers: { apikey: fx.supabase.keys.publishableKey, Authorization: `Bearer ${body.access_token}` },
    });
    expect(rest.status).toBe(200);
  });

  it("refuses other sites and requests that do not say where they come from (CSRF)", async () => {
    const { browser } = await fx.signedIn("csrf@example.com", "member");
    const attempts: Record<string, string>[] = [
      { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      { origin: "https://evil.example" },
      {},
    ];
    for (const headers of attempts) {
      const response = await post(browser, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect((await response.json()).error.code).toBe("FORBIDDEN");
    }
  });

  it("401 without a session, 405 for other methods", async () => {
    const response = await post(new TestBrowser(fx.origin));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: "UNAUTHORIZED", message: "There is no dashboard session: sign in first." },
    });
    const get = await new TestBrowser(fx.origin).fetch("/first-party-token");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("a session that ended (signed out elsewhere) mints nothing, although its JWT has not expired", async () => {
    const { person, browser } = await fx.signedIn("ended@example.com", "member");
    expect((await post(browser)).status).toBe(200);
    await fx.supabase.owner.query("DELETE FROM auth.sessions WHERE user_id = $1", [person.id]);
    expect((await post(browser)).status).toBe(401);
  });

  it("a session about to expire is refreshed through Auth, and the new cookies come back", async () => {
    const { person, browser } = await fx.signedIn("refresh@example.com", "member");
    const name = sessionCookieName(fx.supabase.url);
    const cookie = browser
      .cookieHeader("/")
      .split("; ")
      .find((c) => c.startsWith(`${name}=`))!;
    const session = JSON.parse(
      Buffer.from(cookie.slice(name.length + 1 + "base64-".length), "base64url").toString("utf8"),
    );
    // The cookie says the access token lapses now: the fast path steps aside for a refresh.
    browser.setCookie(
      name,
      `base64-${Buffer.from(JSON.stringify({ ...session, expires_at: Math.floor(Date.now() / 1000) })).toString("base64url")}`,
    );
    const response = await post(browser);
    expect(response.status).toBe(200);
    expect(response.headers.getSetCookie().some((line) => line.startsWith(`${name}=`))).toBe(true);
    expect(decodeJwt((await response.json()).access_token).sub).toBe(person.id);
    const refreshed = browser
      .cookieHeader("/")
      .split("; ")
      .find((c) => c.startsWith(`${name}=`))!;
    expect(refreshed).not.toBe(cookie);
  });

  it("a forged session cookie is refused", async () => {
    const { browser } = await fx.signedIn("forged@example.com", "member");
    const name = sessionCookieName(fx.supabase.url);
    const forged = {
      access_token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
      refresh_token: "nope",
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    };
    browser.setCookie(name, `base64-${Buffer.from(JSON.stringify(forged)).toString("base64url")}`);
    expect((await post(browser)).status).toBe(401);
  });

  it("is rate-limited per person: 429 with Retry-After", async () => {
    const { person, browser } = await fx.signedIn("limited@example.com", "member");
    expect((await post(browser)).status).toBe(200);
    await fx.pool.query("UPDATE busymate_identity.rate_limits SET tat = now() + interval '60 seconds' WHERE key = $1", [
      `first_party_token:${person.id}`,
    ]);
    const limited = await post(browser);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
  });

  it("stops an address that keeps sending no session before any session work, and only that address", async () => {
    const from = (ip: string) => ({ origin: fx.origin, "sec-fetch-site": "same-origin", "x-forwarded-for": ip });
    const stranger = new TestBrowser(fx.origin);
    expect((await post(stranger, from("198.51.100.20"))).status).toBe(401);
    // That address has used up its refusals (set in the database rather than raced for).
    await fx.pool.query(
      "UPDATE busymate_identity.rate_limits SET tat = now() + interval '120 seconds' WHERE key = $1",
      ["first_party_token_refused:198.51.100.20"],
    );
    const limited = await post(stranger, from("198.51.100.20"));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    // Even a real session from that address waits; another address is unaffected.
    const { browser } = await fx.signedIn("neighbour@example.com", "member");
    expect((await post(browser, from("198.51.100.20"))).status).toBe(429);
    expect((await post(browser, from("198.51.100.21"))).status).toBe(200);
  });
});
