import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenClaims, deviceTokenClaims, signToken } from "@/lib/auth/sign";
import { completeEntry, createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { userToken } from "./test-support";

/**
 * Row-level security on Busymate's real tables through the stand-in, with the requests of
 * the REST seed (000_9b4db88382c1fff2.txt): the OAuth token in both `Authorization` and
 * `apikey`. Member A never reads or writes member B's rows.
 */

let stack: TestSupabase;
let admin: Person;
let memberA: Person;
let memberB: Person;
let deviceA: string;
let deviceA2: string;
let deviceB: string;
let tokenA: string;
let tokenB: string;
let tokenAdmin: string;

/** A request as the seed's curl examples send it. */
function seedRequest(
  path: string,
  token: string,
  init: { method?: string; body?: unknown; prefer?: string } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, apikey: token };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.prefer) headers.Prefer = init.prefer;
  return fetch(`${stack.url}/rest/v1/${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

beforeAll(async () => {
  stack = await startTestSupabase();
  admin = await createPerson(stack.owner, "admin@rls.test");
  memberA = await createPerson(stack.owner, "a@rls.test");
  memberB = await createPerson(stack.owner, "b@rls.test");
  deviceA = await createDevice(stack.owner, memberA, "A phone");
  deviceA2 = await createDevice(stack.owner, memberA, "A laptop");
  deviceB = await createDevice(stack.owner, memberB, "B phone");
  await insertEntries(stack.owner, deviceA, ["https://api.stripe.com/v1/charges", "https://example.com/a"]);
  await insertEntries(stack.owner, deviceB, ["https://api.stripe.com/v1/refunds"]);
  // The OAuth access token the seed describes (typ at+jwt, scoped, audience list).
  const scope = "busymate:read busymate:write";
  tokenA = await signToken(
    accessTokenClaims({ origin: "http://127.0.0.1:3000", userId: memberA.id, clientId: "rest-test", scope }),
    stack.tokenKeys,
  );
  tokenB = await signToken(
    accessTokenClaims({ origin: "http://127.0.0.1:3000", userId: memberB.id, clientId: "rest-test", scope }),
    stack.tokenKeys,
  );
  tokenAdmin = await userToken(stack.keys.jwtSecret, admin.id);
}, 180_000);
afterAll(() => stack?.stop());

describe("the seed's curl examples", () => {
  it("lists your devices ordered by name", async () => {
    const response = await seedRequest("devices?select=uuid,name,os,owner_user_id&order=name.asc", tokenA);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { uuid: deviceA2, name: "A laptop", os: "iOS 26.1", owner_user_id: memberA.id },
      { uuid: deviceA, name: "A phone", os: "iOS 26.1", owner_user_id: memberA.id },
    ]);
  });

  it("reads the most recent captures of one device", async () => {
    const response = await seedRequest(
      `entries?select=id,ts,host,payload&device_uuid=eq.${deviceA}&order=ts.desc&limit=50`,
      tokenA,
    );
    const rows = (await response.json()) as { host: string; payload: { request: { url: string } } }[];
    expect(rows.map((row) => row.host).sort()).toEqual(["api.stripe.com", "example.com"]);
    expect(rows[0].payload.request.url).toMatch(/^https:\/\//);
  });

  it("renames a device with return=representation", async () => {
    const response = await seedRequest(`devices?uuid=eq.${deviceA}`, tokenA, {
      method: "PATCH",
      body: { name: "Test iPhone" },
      prefer: "return=representation",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([expect.objectContaining({ uuid: deviceA, name: "Test iPhone" })]);
  });

  it("resolves a device's effective settings", async () => {
    const response = await seedRequest("rpc/effective_settings_for_device", tokenA, {
      method: "POST",
      body: { target_uuid: deviceA },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ device_uuid: deviceA, ssl_proxy_domains: [] });
  });

  it("searches captures across a workspace", async () => {
    const created = await seedRequest("workspaces?select=id", tokenA, {
      method: "POST",
      body: { name: "Payments", owner_user_id: memberA.id },
      prefer: "return=representation",
    });
    expect(created.status).toBe(201);
    const [{ id: workspace }] = (await created.json()) as { id: string }[];
    const linked = await seedRequest("workspace_devices", tokenA, {
      method: "POST",
      body: [{ workspace_id: workspace, device_uuid: deviceA }],
    });
    expect(linked.status).toBe(201);
    const response = await seedRequest("rpc/entries_filtered_list", tokenA, {
      method: "POST",
      body: { target_workspace: workspace, search_q: "api.stripe.com", lim: 50 },
    });
    expect(response.status).toBe(200);
    const rows = (await response.json()) as { device_uuid: string; path: string }[];
    expect(rows.map((row) => row.path)).toEqual(["/v1/charges"]);
    const count = await seedRequest("rpc/entries_filtered_count", tokenA, {
      method: "POST",
      body: { target_workspace: workspace, search_q: "api.stripe.com" },
    });
    expect(await count.json()).toBe(1);
  });
});

describe("member A and member B", () => {
  it("A reads none of B's rows, admin reads everyone's", async () => {
    const a = stack.client({ key: tokenA });
    expect((await a.from("devices").select("uuid").eq("uuid", deviceB)).data).toEqual([]);
    expect((await a.from("entries").select("id").eq("device_uuid", deviceB)).data).toEqual([]);
    const adminDevices = await stack.client({ key: tokenAdmin }).from("devices").select("uuid", { count: "exact" });
    expect(adminDevices.count).toBe(3);
  });

  it("A's writes to B's rows change nothing", async () => {
    const a = stack.client({ key: tokenA });
    const rename = await a.from("devices").update({ name: "hijacked" }).eq("uuid", deviceB).select();
    expect(rename).toMatchObject({ status: 200, data: [] });
    const removal = await a.from("entries").delete().eq("device_uuid", deviceB);
    expect(removal.status).toBe(204);
    const { rows } = await stack.owner.query(
      "SELECT (SELECT name FROM public.devices WHERE uuid = $1) AS name, (SELECT count(*)::int FROM public.entries WHERE device_uuid = $1) AS entries",
      [deviceB],
    );
    expect(rows[0]).toEqual({ name: "B phone", entries: 1 });
  });

  it("A cannot create rows for B (403 with the RLS violation) nor read B's settings", async () => {
    const a = stack.client({ key: tokenA });
    const forged = await a.from("devices").insert({ name: "forged", owner_user_id: memberB.id });
    expect(forged.status).toBe(403);
    expect(forged.error).toMatchObject({
      code: "42501",
      message: 'new row violates row-level security policy for table "devices"',
    });
    const settings = await seedRequest("rpc/effective_settings_for_device", tokenA, {
      method: "POST",
      body: { target_uuid: deviceB },
    });
    expect(settings.status).toBe(403);
    expect((await settings.json()).code).toBe("42501");
  });

  it("B sees only B's devices with the same requests", async () => {
    const response = await seedRequest("devices?select=name&order=name.asc", tokenB);
    expect(await response.json()).toEqual([{ name: "B phone" }]);
  });
});

describe("other roles", () => {
  it("anon may not read devices (401), a device reads only itself", async () => {
    const anon = await stack.client().from("devices").select("uuid");
    expect(anon).toMatchObject({
      status: 401,
      error: { code: "42501", message: "permission denied for table devices" },
    });
    const deviceToken = await signToken(
      deviceTokenClaims({ origin: "http://127.0.0.1:3000", deviceUuid: deviceB }),
      stack.tokenKeys,
    );
    const own = await seedRequest("devices?select=uuid", deviceToken);
    expect(await own.json()).toEqual([{ uuid: deviceB }]);
  });

  it("a device posts its own captures (insert-only: no SELECT needed with return=minimal), never another's", async () => {
    const deviceToken = await signToken(
      deviceTokenClaims({ origin: "http://127.0.0.1:3000", deviceUuid: deviceA2 }),
      stack.tokenKeys,
    );
    const capture = {
      ts: new Date().toISOString(),
      payload: completeEntry({
        request: { method: "GET", url: "https://ingest.example/x" },
        response: { status: 204 },
      }),
    };
    const own = await seedRequest("entries", deviceToken, {
      method: "POST",
      body: [{ ...capture, device_uuid: deviceA2 }],
    });
    expect(own.status).toBe(201);
    const other = await seedRequest("entries", deviceToken, {
      method: "POST",
      body: [{ ...capture, device_uuid: deviceB }],
    });
    expect(other.status).toBe(403);
    const { rows } = await stack.owner.query("SELECT device_uuid FROM public.entries WHERE host = 'ingest.example'");
    expect(rows).toEqual([{ device_uuid: deviceA2 }]);
  });

  it("a read-only token reads but cannot write", async () => {
    const readOnly = await signToken(
      accessTokenClaims({
        origin: "http://127.0.0.1:3000",
        userId: memberA.id,
        clientId: "rest-test",
        scope: "busymate:read",
      }),
      stack.tokenKeys,
    );
    const read = await seedRequest("devices?select=name&order=name.asc", readOnly);
    expect((await read.json()).length).toBe(2);
    const write = await seedRequest(`devices?uuid=eq.${deviceA2}`, readOnly, {
      method: "PATCH",
      body: { name: "renamed" },
      prefer: "return=representation",
    });
    expect(await write.json()).toEqual([]);
  });
});
