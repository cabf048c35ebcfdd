import { auth, Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import type { Page } from "@playwright/test";
import { decodeJwt } from "jose";
import type pg from "pg";
import { InMemoryOAuthClientProvider } from "@/lib/oauth/testing/mcp-client-provider";
import { AccountPage } from "./pages/account-page";
import { ConsentPage } from "./pages/consent-page";
import { expect, test } from "./fixtures";
import { supabaseWithToken, type StackData } from "./support/stack";
import { SignInPage } from "./pages/sign-in-page";

/**
 * An external MCP client (the MCP SDK's own OAuth client) connects to Busymate: discovery,
 * Dynamic Client Registration, PKCE and `resource`, the person signs in and grants read-only
 * access on the consent page, the code is exchanged and refreshed; the token then calls tools
 * on /mcp (the real Next route) through the SDK's Streamable HTTP client, reads REST through
 * supabase-js and joins a private Realtime channel, cannot write, and dies when the person
 * revokes the application on /account.
 */
test.describe.configure({ mode: "serial" });

let stack: StackData;
let db: pg.Pool;

// The module's helpers use the worker's stack and database (the fixtures own their lifetime).
test.beforeAll(({ stack: running, db: owner }) => {
  stack = running;
  db = owner;
});

const REDIRECT = "http://127.0.0.1:47219/oauth/callback";
type ToolResult = {
  isError?: boolean;
  content: { type: string; text?: string }[];
  structuredContent?: Record<string, unknown>;
};
const CLIENT_NAME = "E2E MCP Client";

/** The browser side of the authorization: sign in, check the consent page, grant read-only. */
async function consentReadOnly(page: Page, authorizationUrl: URL): Promise<URL> {
  let callback: URL | undefined;
  // Nothing listens on the loopback redirect; the browser hands the URL to the test instead.
  await page.route(`${REDIRECT}**`, (route) => {
    callback = new URL(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/plain", body: "Authorized; you can close this window." });
  });
  await page.goto(authorizationUrl.href);
  const signIn = new SignInPage(page);
  await signIn.expectShown();
  await signIn.signIn(stack.member.email, stack.member.password);

  const consent = new ConsentPage(page);
  await consent.expectShown();
  await expect(consent.clientHeading()).toHaveText(`Authorize ${CLIENT_NAME}`);
  await expect(consent.redirectHost()).toHaveText("127.0.0.1:47219");
  await expect(consent.readOnly()).toBeChecked();
  await expect(consent.readWrite()).toBeVisible();
  await consent.allow();
  await expect.poll(() => callback?.href ?? "").toContain(REDIRECT);
  return callback!;
}

test("an MCP client authorizes read-only; its token calls MCP tools, reads REST, joins a private channel, cannot write, and dies on revoke", async ({
  page,
}) => {
  const serverUrl = `${stack.appUrl}/mcp`;
  let callback: URL | undefined;
  const provider = new InMemoryOAuthClientProvider(
    REDIRECT,
    async (url) => {
      expect(url.searchParams.get("resource")).toBe(serverUrl);
      expect(url.searchParams.get("code_challenge_method")).toBe("S256");
      callback = await consentReadOnly(page, url);
    },
    CLIENT_NAME,
  );

  expect(await auth(provider, { serverUrl })).toBe("REDIRECT");
  expect(callback!.searchParams.get("iss")).toBe(stack.appUrl);
  expect(
    await auth(provider, {
      serverUrl,
      authorizationCode: callback!.searchParams.get("code")!,
      iss: callback!.searchParams.get("iss")!,
    }),
  ).toBe("AUTHORIZED");
  const { rows: members } = await db.query<{ id: string }>("SELECT id FROM auth.users WHERE email = $1", [
    stack.member.email,
  ]);
  const memberId = members[0].id;

  const issued = provider.tokens()!;
  expect(issued.scope).toBe("busymate:read");
  expect(decodeJwt(issued.access_token)).toMatchObject({
    iss: stack.appUrl,
    sub: memberId,
    role: "authenticated",
    scope: "busymate:read",
  });

  // Refresh rotates the refresh token.
  expect(await auth(provider, { serverUrl })).toBe("AUTHORIZED");
  const token = provider.tokens()!;
  expect(token.refresh_token).not.toBe(issued.refresh_token);

  // REST: exactly the member's own devices (RLS), through supabase-js with the OAuth token.
  const supabase = supabaseWithToken(stack, token.access_token);
  const { data: devices, error } = await supabase.from("devices").select("uuid, name, owner_user_id").order("name");
  expect(error).toBeNull();
  const { rows: owned } = await db.query<{ uuid: string }>(
    "SELECT uuid FROM public.devices WHERE owner_user_id = $1 ORDER BY name",
    [memberId],
  );
  expect(owned.length).toBeGreaterThan(0);
  expect(devices!.map((d) => d.uuid)).toEqual(owned.map((d) => d.uuid));

  // MCP: the same client, its provider supplying the token, over Streamable HTTP to the real route.
  const mcp = new Client({ name: CLIENT_NAME, version: "1.0.0" });
  await mcp.connect(new StreamableHTTPClientTransport(new URL(serverUrl), { authProvider: provider }));
  try {
    const tools = (await mcp.listTools()).tools;
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(["whoami", "list_devices"]));
    expect(tools.find((t) => t.name === "list_devices")!.annotations).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
    });

    const me = (await mcp.callTool({ name: "whoami", arguments: {} })) as ToolResult;
    expect(me.isError).toBeFalsy();
    expect(me.structuredContent).toMatchObject({
      user: { id: memberId, email: stack.member.email },
      token: { scopes: ["busymate:read"], may_write: false, client_id: provider.clientInformation()!.client_id },
    });
    expect(me.structuredContent).toEqual(JSON.parse(me.content[0].text!));

    const listed = (await mcp.callTool({ name: "list_devices", arguments: { limit: 100 } })) as ToolResult;
    expect(listed.isError).toBeFalsy();
    const items = listed.structuredContent!.items as { uuid: string; owner_user_id: string }[];
    expect(items.map((d) => d.uuid).sort()).toEqual(owned.map((d) => d.uuid).sort());
    expect(items.every((d) => d.owner_user_id === memberId)).toBe(true);
  } finally {
    await mcp.close();
  }

  // Read-only: a write changes nothing, although the member's role may rename devices.
  const target = owned[0].uuid;
  const { data: updated } = await supabase
    .from("devices")
    .update({ name: "renamed by a read-only token" })
    .eq("uuid", target)
    .select();
  expect(updated ?? []).toEqual([]);
  const { rows: after } = await db.query("SELECT name FROM public.devices WHERE uuid = $1", [target]);
  expect(after[0].name).not.toBe("renamed by a read-only token");

  // Realtime: the member's own device topic joins as a private channel; an admin's does not.
  const joined = await joinStatus(supabase, `device:${target}`);
  expect(joined).toBe("SUBSCRIBED");
  const { rows: foreign } = await db.query<{ uuid: string }>(
    "SELECT uuid FROM public.devices WHERE owner_user_id <> $1 LIMIT 1",
    [memberId],
  );
  expect(await joinStatus(supabase, `device:${foreign[0].uuid}`)).not.toBe("SUBSCRIBED");
  await supabase.removeAllChannels();

  // /account lists the application; revoking it ends the grant: the refresh token no longer works.
  const account = new AccountPage(page);
  await account.open();
  await expect(account.client(CLIENT_NAME)).toContainText("Read-only");
  await expect(account.client(CLIENT_NAME)).toContainText("127.0.0.1:47219");
  await account.revoke(CLIENT_NAME);
  const refreshed = await fetch(`${stack.appUrl}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: token.refresh_token!,
      client_id: provider.clientInformation()!.client_id,
    }),
  });
  expect(refreshed.status).toBe(400);
  expect((await refreshed.json()).error).toBe("invalid_grant");
});

test("a device is paired with a one-time code, writes captures as itself, and stops at revocation", async ({
  page,
}) => {
  const signIn = new SignInPage(page);
  await signIn.open("/account");
  await signIn.signIn(stack.member.email, stack.member.password);
  await page.waitForURL((url) => url.pathname === "/account");
  const firstParty = await page.evaluate(
    async () => (await (await fetch("/first-party-token", { method: "POST" })).json()).access_token as string,
  );
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.appUrl}${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  const asMember = { authorization: `Bearer ${firstParty}` };

  const added = await api("/api/devices", {
    method: "POST",
    headers: asMember,
    body: JSON.stringify({ name: "E2E paired phone", kind: "android" }),
  });
  expect(added.status).toBe(201);
  const { device, pairing } = await added.json();
  expect(pairing.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

  const paired = await api("/api/devices/pair", { method: "POST", body: JSON.stringify({ code: pairing.code }) });
  expect(paired.status).toBe(201);
  const { credential, device_uuid } = await paired.json();
  expect(device_uuid).toBe(device.uuid);
  const reused = await api("/api/devices/pair", { method: "POST", body: JSON.stringify({ code: pairing.code }) });
  expect(reused.status).toBe(401);

  const issued = await api("/api/devices/token", { method: "POST", body: JSON.stringify({ credential }) });
  expect(issued.status).toBe(200);
  const { access_token } = await issued.json();
  expect(decodeJwt(access_token)).toMatchObject({ role: "device", sub: device.uuid, device_uuid: device.uuid });

  const asDevice = supabaseWithToken(stack, access_token);
  const capture = {
    startedAt: new Date().toISOString(),
    source: "vpn",
    request: { method: "GET", url: "https://paired.e2e.example/hello", httpVersion: "HTTP/1.1", headers: [] },
    response: { status: 200, statusText: "OK", httpVersion: "HTTP/1.1", headers: [] },
    timings: { send: 1, wait: 2, receive: 3 },
    durationMs: 6,
  };
  const inserted = await asDevice
    .from("entries")
    .insert({ ts: new Date().toISOString(), device_uuid: device.uuid, payload: capture });
  expect(inserted.error).toBeNull();
  const { rows } = await db.query("SELECT count(*)::int AS n FROM public.entries WHERE device_uuid = $1", [
    device.uuid,
  ]);
  expect(rows[0].n).toBe(1);
  // Nothing else: not another device's captures, not the device list's other rows.
  const { rows: others } = await db.query<{ uuid: string }>(
    "SELECT uuid FROM public.devices WHERE uuid <> $1 LIMIT 1",
    [device.uuid],
  );
  const foreign = await asDevice
    .from("entries")
    .insert({ ts: new Date().toISOString(), device_uuid: others[0].uuid, payload: capture });
  expect(foreign.error).not.toBeNull();
  const { data: visible } = await asDevice.from("devices").select("uuid");
  expect(visible).toEqual([{ uuid: device.uuid }]);

  const revoked = await api(`/api/devices/${device.uuid}/credentials`, { method: "DELETE", headers: asMember });
  expect(await revoked.json()).toEqual({ device_uuid: device.uuid, revoked: 1 });
  const refused = await api("/api/devices/token", { method: "POST", body: JSON.stringify({ credential }) });
  expect(refused.status).toBe(401);
  expect((await refused.json()).error.code).toBe("UNAUTHORIZED");
});

test("pairing codes are rate-limited per address: 429 with Retry-After", async () => {
  const from = { "content-type": "application/json", "x-forwarded-for": "192.0.2.55" };
  const attempt = () =>
    fetch(`${stack.appUrl}/api/devices/pair`, {
      method: "POST",
      headers: from,
      body: JSON.stringify({ code: "AAAAA-AAAAA" }),
    });
  expect((await attempt()).status).toBe(401);
  // The address has used up its ten attempts (set in the database, not raced for).
  await db.query(
    "UPDATE busymate_identity.rate_limits SET tat = now() + interval '600 seconds' WHERE key = 'devices_pair:192.0.2.55'",
  );
  const limited = await attempt();
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  expect((await limited.json()).error.code).toBe("RATE_LIMITED");
});

/** Joins a private channel; the token is handed to Realtime first (a join racing it would go as anon). */
async function joinStatus(supabase: ReturnType<typeof supabaseWithToken>, topic: string): Promise<string> {
  await supabase.realtime.setAuth();
  const channel = supabase.channel(topic, { config: { private: true } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("TIMED_OUT"), 10_000);
    channel.subscribe((status) => {
      if (status === "SUBSCRIBED" || status === "CHANNEL_ERROR" || status === "CLOSED") {
        clearTimeout(timer);
        resolve(status);
      }
    });
  });
}
