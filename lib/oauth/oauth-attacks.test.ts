import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBrowser } from "./testing/browser";
import {
  authorizeUrl,
  giveConsent,
  pkcePair,
  registerClient,
  startOAuthFixture,
  tokenRequest,
  untilConsent,
  type OAuthFixture,
  type RegisteredClient,
} from "./testing/oauth-fixture";

/**
 * Everything an attacker (or a confused client) might try against the authorization server,
 * each refused with the status and error the RFCs prescribe. Client-ID metadata documents are
 * fetched from a stand-in for the client's web server (speaking plain HTTP semantics), since
 * tests cannot reach a real https:// client.
 */
const redirectUri = "http://127.0.0.1:33418/callback";
const CIMD_ID = "https://client.example/oauth/busymate-client.json";
const cimdDocument = {
  client_id: CIMD_ID,
  client_name: "Metadata Document Client",
  redirect_uris: ["https://client.example/callback"],
  grant_types: ["authorization_code", "refresh_token"],
  response_types: ["code"],
  token_endpoint_auth_method: "none",
};

let fx: OAuthFixture;
let browser: TestBrowser;
let client: RegisteredClient;

beforeAll(async () => {
  fx = await startOAuthFixture({
    fetch: async (url) => {
      if (String(url) === CIMD_ID)
        return new Response(JSON.stringify(cimdDocument), {
          status: 200,
          headers: { "content-type": "application/json", "cache-control": "max-age=60" },
        });
      return new Response("not found", { status: 404 });
    },
  });
  ({ browser } = await fx.signedIn("victim@example.com", "member"));
  ({ body: client } = await registerClient(fx.origin, { client_name: "Honest Client" }));
});

afterAll(async () => {
  await fx?.stop();
});

/** A full authorization up to the code, for `client`, returning the code and its verifier. */
async function authorize(options: { scope?: string; access?: "read" | "write"; who?: TestBrowser } = {}) {
  const { verifier, challenge } = pkcePair();
  const uid = await untilConsent(
    options.who ?? browser,
    authorizeUrl(fx.origin, {
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: options.scope ?? "busymate:read busymate:write",
    }),
  );
  const callback = await giveConsent(options.who ?? browser, uid, options.access ?? "write", redirectUri);
  return { code: callback.searchParams.get("code")!, verifier };
}

const exchange = (code: string, verifier: string) =>
  tokenRequest(fx.origin, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: client.client_id,
  });
const refresh = (refreshToken: string) =>
  tokenRequest(fx.origin, { grant_type: "refresh_token", refresh_token: refreshToken, client_id: client.client_id });

describe("code exchange", () => {
  it("refuses the wrong PKCE verifier", async () => {
    const { code } = await authorize();
    const result = await exchange(code, pkcePair().verifier);
    expect(result).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("refuses a reused authorization code, and revokes what the first use issued", async () => {
    const { code, verifier } = await authorize();
    const first = await exchange(code, verifier);
    expect(first.status).toBe(200);
    expect(await exchange(code, verifier)).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await refresh(first.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("refuses a code for another redirect URI or client", async () => {
    const { code, verifier } = await authorize();
    const other = await tokenRequest(fx.origin, {
      grant_type: "authorization_code",
      code,
      redirect_uri: "http://127.0.0.1:33418/other",
      code_verifier: verifier,
      client_id: client.client_id,
    });
    expect(other).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    const { body: thief } = await registerClient(fx.origin);
    const stolen = await tokenRequest(fx.origin, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: thief.client_id,
    });
    expect(stolen).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });
});

describe("authorization requests", () => {
  const base = () => ({
    client_id: client.client_id,
    redirect_uri: redirectUri,
    code_challenge: pkcePair().challenge,
    code_challenge_method: "S256",
    scope: "busymate:read",
  });

  it("refuses a redirect URI that was not registered, without redirecting there", async () => {
    for (const evil of [
      "https://evil.example/callback",
      "http://127.0.0.1:33418/callback/../steal",
      "http://localhost.evil.example:33418/callback",
    ]) {
      const response = await browser.fetch(authorizeUrl(fx.origin, { ...base(), redirect_uri: evil }));
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(await response.text()).toContain("redirect_uri");
    }
  });

  it("lets a native app's loopback redirect use any port (RFC 8252 §7.3), nothing else", async () => {
    const response = await browser.fetch(
      authorizeUrl(fx.origin, { ...base(), redirect_uri: "http://127.0.0.1:50123/callback" }),
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/interaction\//);
  });

  it("requires PKCE with S256", async () => {
    const noPkce = await browser.fetch(
      authorizeUrl(fx.origin, { ...base(), code_challenge: undefined, code_challenge_method: undefined }),
    );
    const plain = await browser.fetch(authorizeUrl(fx.origin, { ...base(), code_challenge_method: "plain" }));
    for (const response of [noPkce, plain]) {
      const location = new URL(response.headers.get("location")!);
      expect(location.origin + location.pathname).toBe(redirectUri);
      expect(location.searchParams.get("error")).toBe("invalid_request");
      expect(location.searchParams.get("iss")).toBe(fx.origin);
    }
  });

  it("refuses resources other than this app", async () => {
    const response = await browser.fetch(authorizeUrl(fx.origin, { ...base(), resource: "https://other.example/mcp" }));
    const location = new URL(response.headers.get("location")!);
    expect(location.searchParams.get("error")).toBe("invalid_target");
  });

  it("refuses consent posted from another site, or from a browser that did not start the request", async () => {
    const { challenge } = pkcePair();
    const uid = await untilConsent(browser, authorizeUrl(fx.origin, { ...base(), code_challenge: challenge }));
    const crossSite = await browser.postForm(
      `/interaction/${uid}/consent`,
      { access: "write" },
      "https://evil.example",
    );
    expect(crossSite.status).toBe(403);
    const { browser: someoneElse } = await fx.signedIn("someone-else@example.com", "member");
    const foreign = await someoneElse.postForm(`/interaction/${uid}/consent`, { access: "write" });
    expect(foreign.status).toBe(400);
    // The rightful browser can still finish.
    expect((await giveConsent(browser, uid, "read", redirectUri)).searchParams.get("code")).toBeTruthy();
  });
});

describe("refresh tokens", () => {
  it("rotate; reusing a rotated one is refused and revokes the grant", async () => {
    const { code, verifier } = await authorize();
    const first = await exchange(code, verifier);
    const second = await refresh(first.body.refresh_token as string);
    expect(second.status).toBe(200);
    expect(await refresh(first.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
    // The grant is gone: the newest refresh token no longer works either.
    expect(await refresh(second.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("two refreshes racing with one token: at most one wins, and the grant is revoked", async () => {
    const { code, verifier } = await authorize();
    const first = await exchange(code, verifier);
    const results = await Promise.all([
      refresh(first.body.refresh_token as string),
      refresh(first.body.refresh_token as string),
    ]);
    expect(results.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    for (const result of results.filter((r) => r.status === 200)) {
      expect(await refresh(result.body.refresh_token as string)).toMatchObject({
        status: 400,
        body: { error: "invalid_grant" },
      });
    }
  });

  it("revocation (RFC 7009) ends the grant", async () => {
    const { code, verifier } = await authorize();
    const first = await exchange(code, verifier);
    const revoked = await fetch(`${fx.origin}/oauth/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        token: first.body.refresh_token as string,
        token_type_hint: "refresh_token",
        client_id: client.client_id,
      }),
    });
    expect(revoked.status).toBe(200);
    expect(await refresh(first.body.refresh_token as string)).toMatchObject({
      status: 400,
      body: { error: "invalid_grant" },
    });
  });

  it("a refresh cannot widen the scope of a read-only grant", async () => {
    const { code, verifier } = await authorize({ access: "read" });
    const first = await exchange(code, verifier);
    expect(first.body.scope).toBe("busymate:read");
    const wider = await tokenRequest(fx.origin, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token as string,
      client_id: client.client_id,
      scope: "busymate:read busymate:write",
    });
    // The refresh token remembers what was asked; the token carries only what was granted.
    expect(wider.status).toBe(200);
    expect(wider.body.scope).toBe("busymate:read");
    expect(decodeJwt(wider.body.access_token as string).scope).toBe("busymate:read");
  });
});

describe("client registration", () => {
  it("refuses http redirects off loopback, script schemes, and custom schemes for web apps", async () => {
    const cases = [
      { redirect_uris: ["http://evil.example/callback"], application_type: "web" },
      { redirect_uris: ["javascript:alert(1)"], application_type: "native" },
      { redirect_uris: ["cursor://anysphere/callback"], application_type: "web" },
      { redirect_uris: ["https://client.example/cb#frag"], application_type: "web" },
    ];
    for (const metadata of cases) {
      const { status, body } = await registerClient(fx.origin, metadata);
      expect(status, JSON.stringify(metadata)).toBe(400);
      expect(["invalid_redirect_uri", "invalid_client_metadata"]).toContain(body.error);
    }
    expect(
      (
        await registerClient(fx.origin, {
          redirect_uris: ["cursor://anysphere.cursor-mcp/oauth/callback"],
          application_type: "native",
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await registerClient(fx.origin, {
          redirect_uris: ["https://claude.ai/api/mcp/auth_callback"],
          application_type: "web",
        })
      ).status,
    ).toBe(201);
  });

  it("a client-ID metadata document client is named on consent and gets a code", async () => {
    const { challenge } = pkcePair();
    const uid = await untilConsent(
      browser,
      authorizeUrl(fx.origin, {
        client_id: CIMD_ID,
        redirect_uri: "https://client.example/callback",
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "busymate:read",
      }),
    );
    const { rows } = await fx.pool.query(
      "SELECT client_id, client_name FROM busymate_identity.oauth_consent_requests WHERE uid = $1",
      [uid],
    );
    expect(rows[0]).toEqual({ client_id: CIMD_ID, client_name: "Metadata Document Client" });
    const callback = await giveConsent(browser, uid, "read", "https://client.example/callback");
    expect(callback.searchParams.get("code")).toBeTruthy();
    // A redirect the document does not list is refused.
    const wrong = await browser.fetch(
      authorizeUrl(fx.origin, {
        client_id: CIMD_ID,
        redirect_uri: "https://evil.example/callback",
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "busymate:read",
      }),
    );
    expect(wrong.status).toBe(400);
  });

  it("rate-limits registration per address: 429 with Retry-After", async () => {
    const from = { "x-forwarded-for": "198.51.100.7" };
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await registerClient(fx.origin, {}, from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    const limited = await fetch(`${fx.origin}/oauth/register`, {
      method: "POST",
      headers: { "content-type": "application/json", ...from },
      body: "{}",
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: "temporarily_unavailable" });
    // Another address is unaffected.
    expect((await registerClient(fx.origin, {}, { "x-forwarded-for": "198.51.100.8" })).status).toBe(201);
  });

  it("rate-limits the token endpoint per address", async () => {
    const from = { "x-forwarded-for": "203.0.113.9" };
    const attempt = async () =>
      (
        await tokenRequest(
          fx.origin,
          { grant_type: "refresh_token", refresh_token: "nope", client_id: client.client_id },
          from,
        )
      ).status;
    expect(await attempt()).toBe(400);
    // This address has used its whole allowance (set in the database rather than raced for:
    // the allowance refills every half second, so a loop would test the machine's speed).
    await fx.pool.query(
      "UPDATE busymate_identity.rate_limits SET tat = now() + interval '60 seconds' WHERE key = 'oauth_token:203.0.113.9'",
    );
    expect(await attempt()).toBe(429);
    expect(await attempt()).toBe(429);
  });
});
