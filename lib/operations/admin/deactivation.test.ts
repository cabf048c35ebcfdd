import http from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "@/lib/auth";
import { createAskHandler } from "@/lib/busybro/handler";
import { configuredModel } from "@/lib/busybro/model";
import { closeClients, eventually, realtimeClient } from "@/lib/local-supabase/realtime/test-helpers";
import { createMcpEndpoint, MCP_PATH } from "@/lib/mcp/handler";
import { serveFetch } from "@/lib/mcp/testing";
import { TestBrowser } from "@/lib/oauth/testing/browser";
import {
  authorizeUrl,
  giveConsent,
  pkcePair,
  registerClient,
  startOAuthFixture,
  tokenRequest,
  untilConsent,
  TEST_PASSWORD,
  type OAuthFixture,
} from "@/lib/oauth/testing/oauth-fixture";
import { findOperation } from "@/lib/operations";
import { runOperation } from "@/lib/operations/run";
import { callerOf } from "@/lib/operations/testing";
import { operationRoute } from "@/lib/routes/operation-route";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";

/**
 * Deactivation against the real parts: Supabase Auth, REST and Realtime (the stand-in), the
 * identity mount (first-party token, OAuth), and the app's /mcp, ask and /api/operations
 * handlers in-process over the same database. A person holds a dashboard session, its token,
 * an OAuth grant and an open Realtime channel; an admin deactivates them; every surface refuses
 * on the next call; reactivated, they sign in again.
 */
let fx: OAuthFixture;
let admin: Person;
const servers: http.Server[] = [];
const redirectUri = "http://127.0.0.1:33418/callback";

beforeAll(async () => {
  fx = await startOAuthFixture();
  admin = await createPerson(fx.supabase.owner, "boss@example.com", "admin", TEST_PASSWORD);
}, 120_000);

afterAll(async () => {
  await closeClients();
  for (const server of servers) server.close();
  await fx?.stop();
});

const sameOrigin = (browser: TestBrowser) => ({ origin: browser.origin, "sec-fetch-site": "same-origin" });

async function firstPartyToken(browser: TestBrowser): Promise<Response> {
  return browser.fetch("/first-party-token", { method: "POST", headers: sameOrigin(browser) });
}

async function setActive(userId: string, active: boolean) {
  const operation = findOperation("set_user_active")!;
  return runOperation(fx.pool, operation, { user_id: userId, active }, callerOf(admin));
}

function rest(path: string, token: string): Promise<Response> {
  return fetch(`${fx.supabase.url}/rest/v1/${path}`, {
    headers: { apikey: fx.supabase.keys.publishableKey, authorization: `Bearer ${token}` },
  });
}

function whoami(token: string): Promise<Response> {
  const route = operationRoute(findOperation("whoami")!);
  return route(
    new Request(`${fx.origin}/api/operations/whoami`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: "{}",
    }),
    {},
  );
}

/** /mcp as its route builds it, served over HTTP; the URL. */
async function mcp(): Promise<string> {
  const server = serveFetch(
    createMcpEndpoint({
      pool: fx.pool,
      rateLimitPool: fx.pool,
      verify: (token) => verifyAccessToken(token, { audience: `${fx.origin}${MCP_PATH}` }),
      origin: fx.origin,
      allowedHostnames: ["127.0.0.1", "localhost"],
      version: "0.0.0-test",
    }),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}${MCP_PATH}`;
}

async function mcpToolCall(url: string, token: string, method = "tools/call") {
  const response = await fetch(
    new Request(url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2025-11-25",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method,
        params: method === "tools/call" ? { name: "whoami", arguments: {} } : {},
      }),
    }),
  );
  const text = await response.text();
  const json = text.startsWith("{") ? JSON.parse(text) : JSON.parse(text.split("data: ").at(-1)!.split("\n")[0]);
  return {
    status: response.status,
    body: json as { result?: { isError?: boolean; content: { text: string }[] }; error?: unknown },
  };
}

function ask(token: string): Promise<Response> {
  // The model is never reached: the caller is checked before anything is asked of it.
  const handler = createAskHandler({
    pool: fx.pool,
    modelFor: configuredModel({ BUSYBRO_MODEL_URL: "http://127.0.0.1:9/v1", BUSYBRO_MODEL: "never-called" }),
    rateLimit: false,
  });
  return handler(
    new Request(`${fx.origin}/functions/v1/ask`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ question: "How many devices do I have?" }),
    }),
  );
}

async function oauthGrant(browser: TestBrowser) {
  const { body: client } = await registerClient(fx.origin, { client_name: "Fired person's agent" });
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
  const tokens = await tokenRequest(fx.origin, {
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
    client_id: client.client_id,
  });
  expect(tokens.status).toBe(200);
  return {
    clientId: client.client_id,
    access: tokens.body.access_token as string,
    refresh: tokens.body.refresh_token as string,
  };
}

async function signIn(email: string) {
  const client = createClient(fx.supabase.url, fx.supabase.keys.publishableKey, {
    auth: { persistSession: false, autoRefreshToken: false },
  });
  return client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
}

describe("deactivating a person", () => {
  it("stops their tokens, grant, sessions and open channels at once; reactivation lets them sign in again", async () => {
    const { person, browser } = await fx.signedIn("fired@example.com", "member");
    const device = await createDevice(fx.supabase.owner, person, "Fired person's laptop");

    // What they hold: a dashboard token, an OAuth grant, an open Realtime channel.
    const minted = await firstPartyToken(browser);
    expect(minted.status).toBe(200);
    const token = ((await minted.json()) as { access_token: string }).access_token;
    const grant = await oauthGrant(browser);
    const endpoint = await mcp();

    expect((await rest("devices?select=uuid", token)).status).toBe(200);
    expect(await (await rest("devices?select=uuid", grant.access)).json()).toEqual([{ uuid: device }]);
    expect((await whoami(token)).status).toBe(200);
    const before = await mcpToolCall(endpoint, grant.access);
    expect(before.body.result?.isError).toBeFalsy();
    expect((await mcpToolCall(endpoint, grant.access, "tools/list")).status).toBe(200);

    const realtime = await realtimeClient(fx.supabase, { token });
    const statuses: string[] = [];
    const system: Array<{ status: string; message: string }> = [];
    realtime
      .channel("fired-watch")
      .on("postgres_changes", { event: "*", schema: "public", table: "devices" }, () => undefined)
      .on("system", {}, (message) => system.push(message))
      .subscribe((status) => statuses.push(status));
    await eventually(() => statuses.includes("SUBSCRIBED"), "the channel to join");

    const result = await setActive(person.id, false);
    expect(result).toEqual({ user_id: person.id, active: false, devices_kept: 1 });

    // Each surface refuses on its next call.
    const refusedRest = await rest("devices?select=uuid", token);
    expect(refusedRest.status).toBe(401);
    expect((await refusedRest.json()).message).toBe("This account has been deactivated.");
    expect((await rest("devices?select=uuid", grant.access)).status).toBe(401);

    const refusedOperation = await whoami(token);
    expect(refusedOperation.status).toBe(401);
    expect((await refusedOperation.json()).error).toMatchObject({
      code: "UNAUTHORIZED",
      message: "This account has been deactivated.",
    });

    const refusedMcp = await mcpToolCall(endpoint, grant.access);
    expect(refusedMcp.body.result?.isError).toBe(true);
    expect(refusedMcp.body.result?.content[0].text).toContain("This account has been deactivated.");
    const refusedList = await mcpToolCall(endpoint, grant.access, "tools/list");
    expect(refusedList.status).toBe(401);
    expect(refusedList.body).toMatchObject({
      error: { code: "UNAUTHORIZED", message: "This account has been deactivated." },
    });

    const refusedAsk = await ask(token);
    expect(refusedAsk.status).toBe(401);
    expect((await refusedAsk.json()).error).toMatchObject({
      code: "UNAUTHORIZED",
      message: "This account has been deactivated.",
    });

    await eventually(() => statuses.includes("CLOSED"), "the open channel to be closed");
    expect(system).toContainEqual(
      expect.objectContaining({ status: "error", message: "This account has been deactivated" }),
    );

    // Nothing they hold mints anything new.
    expect((await firstPartyToken(browser)).status).toBe(401);
    const refreshed = await tokenRequest(fx.origin, {
      grant_type: "refresh_token",
      refresh_token: grant.refresh,
      client_id: grant.clientId,
    });
    expect(refreshed).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect((await signIn("fired@example.com")).error?.code).toBe("user_banned");
    const { rows: left } = await fx.supabase.owner.query(
      `SELECT (SELECT count(*)::int FROM auth.sessions WHERE user_id = $1) AS sessions,
              (SELECT count(*)::int FROM busymate_identity.oauth_authorizations WHERE user_id = $1) AS grants,
              (SELECT count(*)::int FROM public.devices WHERE owner_user_id = $1) AS devices`,
      [person.id],
    );
    expect(left[0]).toEqual({ sessions: 0, grants: 0, devices: 1 });

    // Reactivated: a fresh sign-in works everywhere; the old grant stays revoked.
    expect(await setActive(person.id, true)).toMatchObject({ active: true });
    const again = await signIn("fired@example.com");
    expect(again.error).toBeNull();
    const fresh = again.data.session!.access_token;
    expect((await rest("devices?select=uuid", fresh)).status).toBe(200);
    const back = await signedInBrowser("fired@example.com");
    const reminted = await firstPartyToken(back);
    expect(reminted.status).toBe(200);
    expect((await whoami(((await reminted.json()) as { access_token: string }).access_token)).status).toBe(200);
    const stale = await tokenRequest(fx.origin, {
      grant_type: "refresh_token",
      refresh_token: grant.refresh,
      client_id: grant.clientId,
    });
    expect(stale.status).toBe(400);
  }, 120_000);

  it("another person's access is untouched, and has_capability is false for the deactivated one", async () => {
    const { person: kept, browser } = await fx.signedIn("kept@example.com", "member");
    const { person: gone } = await fx.signedIn("gone@example.com", "member");
    await createDevice(fx.supabase.owner, kept, "Kept's phone");
    await setActive(gone.id, false);
    const token = ((await (await firstPartyToken(browser)).json()) as { access_token: string }).access_token;
    expect((await rest("devices?select=name", token)).status).toBe(200);
    // has_capability itself is false for the deactivated person (hosted Realtime's per-change check).
    const client = await fx.supabase.owner.connect();
    try {
      await client.query("BEGIN");
      for (const [sub, expected] of [
        [gone.id, false],
        [kept.id, true],
      ] as const) {
        await client.query(
          `SELECT set_config('request.jwt.claims', json_build_object('sub', $1::text, 'role', 'authenticated')::text, true),
                  set_config('request.jwt.claim.sub', $1::text, true), set_config('request.jwt.claim.role', 'authenticated', true)`,
          [sub],
        );
        const { rows: checks } = await client.query<{ may: boolean }>(
          "SELECT public.has_capability('devices', 'view') AS may",
        );
        expect(checks[0].may).toBe(expected);
      }
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  }, 60_000);
});

async function signedInBrowser(email: string): Promise<TestBrowser> {
  const { createServerClient } = await import("@supabase/ssr");
  const browser = new TestBrowser(fx.origin);
  const client = createServerClient(fx.supabase.url, fx.supabase.keys.publishableKey, {
    cookies: {
      getAll: () => [],
      setAll: (list) => list.forEach(({ name, value }) => browser.setCookie(name, value)),
    },
  });
  const { error } = await client.auth.signInWithPassword({ email, password: TEST_PASSWORD });
  if (error) throw error;
  return browser;
}
