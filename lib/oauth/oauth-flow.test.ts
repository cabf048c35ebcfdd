import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/auth/verify";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { createDevice } from "@/lib/testing/db-fixtures";
import { sweepExpiredOAuthState } from "./adapter";
import { listAuthorisedClients, revokeClientAuthorisations } from "./authorizations";
import { loadConsentRequest } from "./consent-requests";
import {
  authorizeUrl,
  giveConsent,
  pkcePair,
  registerClient,
  startOAuthFixture,
  tokenRequest,
  untilConsent,
  type OAuthFixture,
} from "./testing/oauth-fixture";

/** The authorization server's happy paths, over HTTP, with a real sign-in behind consent. */
let fx: OAuthFixture;
const redirectUri = "http://127.0.0.1:33418/callback";

beforeAll(async () => {
  fx = await startOAuthFixture();
});

afterAll(async () => {
  await fx?.stop();
});

describe("discovery", () => {
  it("publishes RFC 8414 and OpenID metadata with PKCE S256 only, iss, DCR and metadata documents", async () => {
    for (const path of ["/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"]) {
      const response = await fetch(`${fx.origin}${path}`);
      expect(response.status).toBe(200);
      const metadata = await response.json();
      expect(metadata).toMatchObject({
        issuer: fx.origin,
        authorization_endpoint: `${fx.origin}/oauth/authorize`,
        token_endpoint: `${fx.origin}/oauth/token`,
        registration_endpoint: `${fx.origin}/oauth/register`,
        revocation_endpoint: `${fx.origin}/oauth/revoke`,
        code_challenge_methods_supported: ["S256"],
        authorization_response_iss_parameter_supported: true,
        client_id_metadata_document_supported: true,
        response_types_supported: ["code"],
      });
      expect(metadata.scopes_supported).toEqual(expect.arrayContaining(["busymate:read", "busymate:write"]));
      expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token"]));
    }
  });

  it("publishes the app's JWKS at the metadata's jwks_uri: the access-token keys' public halves, by kid", async () => {
    const metadata = await (await fetch(`${fx.origin}/.well-known/oauth-authorization-server`)).json();
    expect(metadata.jwks_uri).toBe(`${fx.origin}/oauth/jwks`);
    for (const url of [metadata.jwks_uri as string, `${fx.origin}/.well-known/jwks.json`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("public, max-age=600");
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      const { keys } = (await response.json()) as { keys: Record<string, unknown>[] };
      for (const key of keys)
        for (const member of ["d", "p", "q", "dp", "dq", "qi", "k"]) expect(key).not.toHaveProperty(member);
      // The ID-token key is there in both modes; an ES256 access-token key only in asymmetric mode.
      expect(keys.filter((key) => key.alg === "RS256")).toHaveLength(1);
      const tokenKeys = fx.supabase.tokenKeys;
      expect(keys.filter((key) => key.alg === "ES256").map((key) => key.kid)).toEqual(
        tokenKeys.mode === "asymmetric" ? [tokenKeys.current.kid] : [],
      );
    }
  });

  it("publishes protected-resource metadata for the app and, path-inserted, for /mcp", async () => {
    const root = await (await fetch(`${fx.origin}/.well-known/oauth-protected-resource`)).json();
    expect(root).toMatchObject({
      resource: fx.origin,
      authorization_servers: [fx.origin],
      scopes_supported: ["busymate:read", "busymate:write"],
      bearer_methods_supported: ["header"],
    });
    const mcp = await fetch(`${fx.origin}/.well-known/oauth-protected-resource/mcp`);
    expect(mcp.headers.get("access-control-allow-origin")).toBe("*");
    expect(await mcp.json()).toMatchObject({ resource: `${fx.origin}/mcp`, authorization_servers: [fx.origin] });
    expect((await fetch(`${fx.origin}/.well-known/oauth-protected-resource/other`)).status).toBe(404);
  });
});

describe("authorization code + PKCE with consent", () => {
  it("signs in, asks for consent naming the client and redirect host, and issues the Busymate token", async () => {
    const { person, browser } = await fx.signedIn("reader@example.com", "member");
    const { body: client } = await registerClient(fx.origin, { client_name: "Claude Test" });
    const { verifier, challenge } = pkcePair();
    const url = authorizeUrl(fx.origin, {
      client_id: client.client_id,
      redirect_uri: redirectUri,
      code_challenge: challenge,
      code_challenge_method: "S256",
      scope: "busymate:read busymate:write",
      resource: `${fx.origin}/mcp`,
      state: "xyz",
    });
    const uid = await untilConsent(browser, url);
    const shown = await loadConsentRequest(fx.pool, uid, person.id);
    expect(shown).toMatchObject({
      clientId: client.client_id,
      clientName: "Claude Test",
      redirectUri,
      resource: `${fx.origin}/mcp`,
    });
    expect(shown?.requestedScopes).toEqual(["busymate:read", "busymate:write"]);

    const callback = await giveConsent(browser, uid, "read", redirectUri);
    expect(callback.searchParams.get("state")).toBe("xyz");
    expect(callback.searchParams.get("iss")).toBe(fx.origin);
    const code = callback.searchParams.get("code")!;

    const { status, body } = await tokenRequest(fx.origin, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: client.client_id,
      resource: `${fx.origin}/mcp`,
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: "Bearer", scope: "busymate:read", expires_in: 900 });
    expect(body.refresh_token).toEqual(expect.any(String));

    const token = body.access_token as string;
    const keys = fx.supabase.tokenKeys;
    expect(decodeProtectedHeader(token)).toEqual(
      keys.mode === "asymmetric"
        ? { alg: "ES256", kid: keys.current.kid, typ: "at+jwt" }
        : { alg: "HS256", typ: "at+jwt" },
    );
    // Verified by the project too (REST), as Supabase verifies it: by kid, or with the secret.
    const rest = await fetch(`${fx.supabase.url}/rest/v1/devices?select=uuid`, {
      headers: { apikey: fx.supabase.keys.publishableKey, Authorization: `Bearer ${token}` },
    });
    expect(rest.status).toBe(200);
    expect(decodeJwt(token)).toMatchObject({
      iss: fx.origin,
      sub: person.id,
      role: "authenticated",
      client_id: client.client_id,
      scope: "busymate:read",
      aud: ["authenticated", fx.origin, `${fx.origin}/mcp`],
    });
    const verified = await verifyAccessToken(token);
    expect([...verified.scopes]).toEqual(["busymate:read"]);

    // A read-only token reads, and the database refuses its writes although the person may edit devices.
    const device = await createDevice(fx.supabase.owner, person, "Reader's phone");
    const claims = verified as unknown as Claims;
    const names = await withClaims(fx.pool, claims, async (db) =>
      (await db.query("SELECT name FROM public.devices")).rows.map((r) => r.name),
    );
    expect(names).toEqual(["Reader's phone"]);
    const renamed = await withClaims(
      fx.pool,
      claims,
      async (db) => (await db.query("UPDATE public.devices SET name = 'x' WHERE uuid = $1", [device])).rowCount,
    );
    expect(renamed).toBe(0);

    // /account lists the client, then revokes it: the refresh token dies with the grant.
    const listed = await listAuthorisedClients(fx.pool, person.id);
    expect(listed).toMatchObject([
      {
        clientId: client.client_id,
        clientName: "Claude Test",
        redirectHost: "127.0.0.1:33418",
        scope: "busymate:read",
      },
    ]);
    expect(await revokeClientAuthorisations(fx.pool, person.id, client.client_id)).toBe(1);
    expect(await listAuthorisedClients(fx.pool, person.id)).toEqual([]);
    const refreshed = await tokenRequest(fx.origin, {
      grant_type: "refresh_token",
      refresh_token: body.refresh_token as string,
      client_id: client.client_id,
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });

  it("read-write consent grants write; refresh rotates and keeps the scope", async () => {
    const { person, browser } = await fx.signedIn("writer@example.com");
    const { body: client } = await registerClient(fx.origin);
    const { verifier, challenge } = pkcePair();
    const uid = await untilConsent(
      browser,
      authorizeUrl(fx.origin, {
        client_id: client.client_id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "busymate:read busymate:write",
      }),
    );
    const code = (await giveConsent(browser, uid, "write", redirectUri)).searchParams.get("code")!;
    const first = await tokenRequest(fx.origin, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: client.client_id,
    });
    expect(first.body.scope).toBe("busymate:read busymate:write");
    // No resource named: the token is still for this app.
    expect(decodeJwt(first.body.access_token as string)).toMatchObject({
      sub: person.id,
      aud: ["authenticated", fx.origin, `${fx.origin}/mcp`],
    });

    const second = await tokenRequest(fx.origin, {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token as string,
      client_id: client.client_id,
    });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect(second.body.scope).toBe("busymate:read busymate:write");
    expect((await verifyAccessToken(second.body.access_token as string)).sub).toBe(person.id);
  });

  it("asks for both scopes when the client names none; forgets a consent's record once its grant has expired", async () => {
    const { person, browser } = await fx.signedIn("expiring@example.com");
    const grants: string[] = [];
    for (const name of ["Expiring client", "Live client"]) {
      const { body: client } = await registerClient(fx.origin, { client_name: name });
      const { verifier, challenge } = pkcePair();
      const uid = await untilConsent(
        browser,
        authorizeUrl(fx.origin, {
          client_id: client.client_id,
          redirect_uri: redirectUri,
          code_challenge: challenge,
          code_challenge_method: "S256",
        }),
      );
      const code = (await giveConsent(browser, uid, "read", redirectUri)).searchParams.get("code")!;
      const exchanged = await tokenRequest(fx.origin, {
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: client.client_id,
      });
      expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
      // No scope named by the client: it asked for both, and the person granted read-only.
      expect(exchanged.body.scope).toBe("busymate:read");
      grants.push(client.client_id as string);
    }
    await fx.pool.query(
      "UPDATE busymate_identity.oauth_authorizations SET created_at = now() - interval '2 hours' WHERE user_id = $1",
      [person.id],
    );
    const [expiring] = grants;
    await fx.pool.query(
      `UPDATE busymate_identity.oauth_payloads SET expires_at = now() - interval '2 hours'
       WHERE model = 'Grant' AND id IN (SELECT grant_id FROM busymate_identity.oauth_authorizations WHERE client_id = $1)`,
      [expiring],
    );
    await sweepExpiredOAuthState(fx.pool);
    const left = await fx.pool.query<{ client_id: string }>(
      "SELECT client_id FROM busymate_identity.oauth_authorizations WHERE user_id = $1",
      [person.id],
    );
    expect(left.rows.map((row) => row.client_id)).toEqual([grants[1]]);
    expect((await listAuthorisedClients(fx.pool, person.id)).map((client) => client.clientId)).toEqual([grants[1]]);
  });

  it("an OpenID client also gets an ID token signed with the published RS256 key", async () => {
    const { person, browser } = await fx.signedIn("oidc@example.com", "member");
    const { body: client } = await registerClient(fx.origin);
    const { verifier, challenge } = pkcePair();
    const uid = await untilConsent(
      browser,
      authorizeUrl(fx.origin, {
        client_id: client.client_id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "openid busymate:read",
        nonce: "n-1",
      }),
    );
    const code = (await giveConsent(browser, uid, "read", redirectUri)).searchParams.get("code")!;
    const { body } = await tokenRequest(fx.origin, {
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
      client_id: client.client_id,
    });
    // The token response reports the access token's (resource) scope; openid shows in the ID token.
    expect(body.scope).toBe("busymate:read");
    const { payload, protectedHeader } = await jwtVerify(
      body.id_token as string,
      createRemoteJWKSet(new URL(`${fx.origin}/oauth/jwks`)),
      { issuer: fx.origin, audience: client.client_id },
    );
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ sub: person.id, nonce: "n-1" });
    // The access token is still the Busymate token.
    expect((await verifyAccessToken(body.access_token as string)).scope).toBe("busymate:read");
  });

  it("a person who is not signed in is sent to the dashboard's sign-in and back", async () => {
    const { TestBrowser } = await import("./testing/browser");
    const browser = new TestBrowser(fx.origin);
    const { body: client } = await registerClient(fx.origin);
    const { challenge } = pkcePair();
    const { location } = await browser.follow(
      authorizeUrl(fx.origin, {
        client_id: client.client_id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "busymate:read",
      }),
      (to) => new URL(to).pathname === "/sign-in",
    );
    const next = new URL(location!).searchParams.get("next");
    expect(next).toMatch(/^\/interaction\/[\w-]+$/);
  });

  it("deny sends access_denied back to the client", async () => {
    const { browser } = await fx.signedIn("denier@example.com");
    const { body: client } = await registerClient(fx.origin);
    const { challenge } = pkcePair();
    const uid = await untilConsent(
      browser,
      authorizeUrl(fx.origin, {
        client_id: client.client_id,
        redirect_uri: redirectUri,
        code_challenge: challenge,
        code_challenge_method: "S256",
        scope: "busymate:read",
        state: "s1",
      }),
    );
    const posted = await browser.postForm(`/interaction/${uid}/deny`, {});
    const { location } = await browser.follow(posted.headers.get("location")!, (to) => to.startsWith(redirectUri));
    const callback = new URL(location!);
    expect(callback.searchParams.get("error")).toBe("access_denied");
    expect(callback.searchParams.get("state")).toBe("s1");
    expect(callback.searchParams.get("iss")).toBe(fx.origin);
  });
});
