import { auth } from "@modelcontextprotocol/client";
import { decodeJwt } from "jose";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice } from "@/lib/testing/db-fixtures";
import { verifyAccessToken } from "@/lib/auth/verify";
import { listAuthorisedClients } from "./authorizations";
import type { TestBrowser } from "./testing/browser";
import { InMemoryOAuthClientProvider } from "./testing/mcp-client-provider";
import { giveConsent, startOAuthFixture, untilConsent, type OAuthFixture } from "./testing/oauth-fixture";

/**
 * The MCP TypeScript SDK's own OAuth client (a client nobody here wrote) against our
 * authorization server: protected-resource discovery, AS metadata, Dynamic Client
 * Registration, PKCE, `resource`, consent, code exchange with the RFC 9207 `iss` check,
 * and refresh with rotation. The person consents through the same endpoints the
 * dashboard's consent page posts to.
 */
let fx: OAuthFixture;

beforeAll(async () => {
  fx = await startOAuthFixture();
});

afterAll(async () => {
  await fx?.stop();
});

describe("MCP SDK client OAuth flow", () => {
  it("registers, authorizes read-only with PKCE and resource, exchanges the code and refreshes", async () => {
    const { person, browser } = await fx.signedIn("mcp-user@example.com", "member");
    const redirect = "http://127.0.0.1:45678/oauth/callback";
    const serverUrl = `${fx.origin}/mcp`;
    let callback: URL | undefined;
    let authorizationUrl: URL | undefined;
    const provider = new InMemoryOAuthClientProvider(redirect, async (url) => {
      authorizationUrl = url;
      callback = await consentReadOnly(browser, url.href, redirect);
    });

    expect(await auth(provider, { serverUrl })).toBe("REDIRECT");
    expect(provider.clientInformation()?.client_id).toEqual(expect.any(String));
    const params = authorizationUrl!.searchParams;
    expect(params.get("code_challenge_method")).toBe("S256");
    expect(params.get("resource")).toBe(serverUrl);
    expect(params.get("scope")).toContain("busymate:read");

    const code = callback!.searchParams.get("code")!;
    const iss = callback!.searchParams.get("iss")!;
    expect(iss).toBe(fx.origin);
    expect(await auth(provider, { serverUrl, authorizationCode: code, iss })).toBe("AUTHORIZED");

    const tokens = provider.tokens()!;
    expect(tokens.scope).toBe("busymate:read");
    const claims = await verifyAccessToken(tokens.access_token, { audience: serverUrl });
    expect(claims).toMatchObject({
      sub: person.id,
      role: "authenticated",
      client_id: provider.clientInformation()!.client_id,
      scope: "busymate:read",
    });

    // Refresh: the SDK uses the refresh token, which rotates.
    expect(await auth(provider, { serverUrl })).toBe("AUTHORIZED");
    expect(provider.tokenHistory).toHaveLength(2);
    const [first, second] = provider.tokenHistory;
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).jti).not.toBe(decodeJwt(first.access_token).jti);
    expect((await verifyAccessToken(second.access_token)).scope).toBe("busymate:read");

    // The token works on the stand-in's REST (RLS: only the person's devices) and Realtime.
    const mine = await createDevice(fx.supabase.owner, person, "MCP user's laptop");
    const admins = (
      await fx.supabase.owner.query<{ id: string }>("SELECT id FROM auth.users WHERE email = 'first-admin@example.com'")
    ).rows[0].id;
    const theirs = await createDevice(fx.supabase.owner, { id: admins }, "Admin's phone");
    const supabase = fx.supabase.client({ accessToken: second.access_token });
    const { data: devices, error } = await supabase.from("devices").select("uuid, name");
    expect(error).toBeNull();
    expect(devices).toEqual([{ uuid: mine, name: "MCP user's laptop" }]);
    const { data: renamed } = await supabase.from("devices").update({ name: "x" }).eq("uuid", mine).select();
    expect(renamed).toEqual([]);
    const realtime = createClient(fx.supabase.url, fx.supabase.keys.publishableKey, {
      accessToken: async () => second.access_token,
    });
    expect(await joinStatus(realtime, `device:${mine}`)).toBe("SUBSCRIBED");
    expect(await joinStatus(realtime, `device:${theirs}`)).not.toBe("SUBSCRIBED");
    await realtime.removeAllChannels();

    const listed = await listAuthorisedClients(fx.pool, person.id);
    expect(listed).toMatchObject([
      {
        clientId: provider.clientInformation()!.client_id,
        clientName: "Busymate test MCP client",
        redirectHost: "127.0.0.1:45678",
        scope: "busymate:read",
      },
    ]);
  });
});

/** Joins a private channel; the token is handed to Realtime first (a join racing it would go as anon). */
async function joinStatus(client: SupabaseClient, topic: string): Promise<string> {
  await client.realtime.setAuth();
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("TIMED_OUT"), 10_000);
    client.channel(topic, { config: { private: true } }).subscribe((status) => {
      if (status === "SUBSCRIBED" || status === "CHANNEL_ERROR" || status === "CLOSED") {
        clearTimeout(timer);
        resolve(status);
      }
    });
  });
}

async function consentReadOnly(browser: TestBrowser, url: string, redirect: string): Promise<URL> {
  const uid = await untilConsent(browser, url);
  return giveConsent(browser, uid, "read", redirect);
}
