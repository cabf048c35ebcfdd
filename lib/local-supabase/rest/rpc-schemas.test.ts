import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { CHANNELS_SQL, waitForTable } from "./test-support";

/**
 * PostgREST rules a client suite depends on, through the real supabase-js (or raw HTTP where
 * supabase-js cannot send the request): exposed schemas and profiles, the schema cache after
 * DDL, functions of one unnamed parameter, overload order and hints, and identity columns
 * under `missing=default`.
 */

const RPC_SQL = `
CREATE SCHEMA fid_personal;
GRANT USAGE ON SCHEMA fid_personal TO anon, authenticated, service_role;
CREATE TABLE fid_personal.users (username text PRIMARY KEY, status text NOT NULL DEFAULT 'ONLINE');
CREATE TABLE fid_personal.notes (id int PRIMARY KEY, username text REFERENCES fid_personal.users (username), body text);
INSERT INTO fid_personal.users VALUES ('dragarcia', 'ONLINE'), ('kiwicopple', 'OFFLINE');
INSERT INTO fid_personal.notes VALUES (1, 'dragarcia', 'first');
GRANT SELECT, INSERT, UPDATE, DELETE ON fid_personal.users, fid_personal.notes TO anon, authenticated;
-- Unqualified: the request's schema leads the search path.
CREATE FUNCTION fid_personal.get_status(name_param text) RETURNS text LANGUAGE plpgsql STABLE
  AS $$ BEGIN RETURN (SELECT status FROM users WHERE username = name_param); END $$;
CREATE FUNCTION public.fid_json(json) RETURNS json LANGUAGE sql IMMUTABLE AS 'SELECT json_build_object(''json'', $1)';
CREATE FUNCTION public.fid_jsonb(jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS 'SELECT jsonb_build_object(''jsonb'', $1)';
CREATE FUNCTION public.fid_bytes(bytea) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT encode($1, ''hex'')';
CREATE FUNCTION public.fid_text(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''text:'' || $1';
CREATE FUNCTION public.fid_body(json) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''json''';
CREATE FUNCTION public.fid_body(text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''text''';
CREATE FUNCTION public.fid_body() RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''none''';
CREATE FUNCTION public.fid_mixed(json, b int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT b';
CREATE FUNCTION public.fid_int(int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1';
CREATE FUNCTION public.fid_two(int, int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT $1 + $2';
CREATE FUNCTION public.fid_pick(a int DEFAULT 0, c int DEFAULT 0) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + c';
CREATE FUNCTION public.fid_pick(b text DEFAULT '') RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 1';
CREATE FUNCTION public.fid_pick() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 0';`;

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase({ restSchemas: ["public", "fid_personal"] });
  await stack.owner.query(CHANNELS_SQL + RPC_SQL);
  await stack.owner.query("NOTIFY pgrst, 'reload schema'");
  await waitForTable(stack.url, stack.keys.publishableKey, "fid_messages");
  for (let i = 0; i < 100 && (await stack.client().rpc("fid_pick")).status === 404; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  db = stack.client();
}, 180_000);
afterAll(() => stack?.stop());

/** A POST to /rest/v1/rpc/<name> with a body of the given media type. */
async function rpcRaw(name: string, body: string | Uint8Array<ArrayBuffer>, contentType: string) {
  const response = await fetch(`${stack.url}/rest/v1/rpc/${name}`, {
    method: "POST",
    headers: { apikey: stack.keys.publishableKey, "Content-Type": contentType },
    body,
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

describe("schemas other than public", () => {
  it("reads, embeds, writes and calls in a listed schema picked by Accept-Profile / Content-Profile", async () => {
    const personal = db.schema("fid_personal");
    const read = await personal.from("users").select("username, notes(body)").order("username");
    expect(read.error).toBeNull();
    expect(read.data).toEqual([
      { username: "dragarcia", notes: [{ body: "first" }] },
      { username: "kiwicopple", notes: [] },
    ]);
    const inserted = await personal.from("users").insert({ username: "awailas" }).select().single();
    expect(inserted.data).toEqual({ username: "awailas", status: "ONLINE" });
    expect((await personal.rpc("get_status", { name_param: "kiwicopple" })).data).toBe("OFFLINE");
  });

  it("answers with Content-Profile, keeps public the default, and refuses an unlisted schema with PGRST106", async () => {
    const headers = { apikey: stack.keys.publishableKey };
    const personal = await fetch(`${stack.url}/rest/v1/users?select=username&limit=1`, {
      headers: { ...headers, "Accept-Profile": "fid_personal" },
    });
    expect(personal.status).toBe(200);
    expect(personal.headers.get("content-profile")).toBe("fid_personal");
    const byDefault = await fetch(`${stack.url}/rest/v1/fid_channels?select=id&limit=1`, { headers });
    expect(byDefault.status).toBe(200);
    // With several schemas exposed PostgREST names the one it chose, the default included.
    expect(byDefault.headers.get("content-profile")).toBe("public");
    expect((await fetch(`${stack.url}/rest/v1/users`, { headers })).status).toBe(404);
    const unlisted = await db.schema("fid_private").from("owners").select();
    expect(unlisted.status).toBe(406);
    expect(unlisted.error).toEqual({
      code: "PGRST106",
      message: "Invalid schema: fid_private",
      details: null,
      hint: "Only the following schemas are exposed: public, fid_personal",
    });
  });
});

describe("schema cache after DDL", () => {
  it("serves a table created at run time and forgets a dropped one, without a manual NOTIFY", async () => {
    await stack.owner.query(`CREATE TABLE public.fid_runtime (id int PRIMARY KEY, label text);
      GRANT SELECT ON public.fid_runtime TO anon;
      INSERT INTO public.fid_runtime VALUES (1, 'made at run time');`);
    await waitForTable(stack.url, stack.keys.publishableKey, "fid_runtime");
    expect((await db.from("fid_runtime").select("label")).data).toEqual([{ label: "made at run time" }]);
    await stack.owner.query("DROP TABLE public.fid_runtime");
    let status = 200;
    for (let i = 0; i < 200 && status !== 404; i++) {
      status = (await db.from("fid_runtime").select("label")).status;
      if (status !== 404) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(404);
    const triggers = await stack.owner.query(
      "SELECT evtname FROM pg_event_trigger WHERE evtname LIKE 'pgrst_%' ORDER BY 1",
    );
    expect(triggers.rows).toEqual([{ evtname: "pgrst_ddl_watch" }, { evtname: "pgrst_drop_watch" }]);
  });

  it("ends a burst of DDL with a cache that has all of it (overlapping reloads never put an older cache back)", async () => {
    const names = Array.from({ length: 8 }, (_, i) => `fid_burst_${i}`);
    for (const name of names)
      await stack.owner.query(`CREATE TABLE public.${name} (id int); GRANT SELECT ON public.${name} TO anon`);
    for (const name of names) await waitForTable(stack.url, stack.keys.publishableKey, name);
    await stack.owner.query(`DROP TABLE ${names.map((name) => `public.${name}`).join(", ")}`);
  });
});

describe("functions of one unnamed parameter", () => {
  it("passes the whole JSON body to a single unnamed json or jsonb parameter", async () => {
    expect((await db.rpc("fid_json", { a: 1, b: [true] })).data).toEqual({ json: { a: 1, b: [true] } });
    expect((await db.rpc("fid_jsonb", { a: 1 })).data).toEqual({ jsonb: { a: 1 } });
    // An empty key is not a parameter name: the body is still passed whole, never as `"" := …`.
    const emptyKey = await db.rpc("fid_json", { "": { nested: 1 } });
    expect(emptyKey).toMatchObject({ status: 200, data: { json: { "": { nested: 1 } } } });
  });

  it("passes a text/plain body to a single unnamed text parameter, picking the overload by media type", async () => {
    expect(await rpcRaw("fid_text", "plain words", "text/plain")).toEqual({ status: 200, body: "text:plain words" });
    expect(await rpcRaw("fid_body", "anything", "text/plain")).toEqual({ status: 200, body: "text" });
    const bytes = new Uint8Array([0, 1, 0x7f, 0xff]);
    expect(await rpcRaw("fid_bytes", bytes, "application/octet-stream")).toEqual({ status: 200, body: "00017fff" });
    expect((await db.rpc("fid_body", { x: 1 })).data).toBe("json");
    expect((await db.rpc("fid_body")).data).toBe("none");
  });

  it("never turns an empty key into SQL: functions it cannot call by name are PGRST202", async () => {
    const mixed = await db.rpc("fid_mixed", { "": { a: 1 } });
    expect(mixed.status).toBe(404);
    expect(mixed.error?.code).toBe("PGRST202");
    expect(stack.log.some((line) => line.includes("42601"))).toBe(false);
  });

  it("leaves functions with unnamed parameters of other types out of the cache, hinting only at other functions", async () => {
    for (const name of ["fid_int", "fid_two"]) {
      const { status, error } = await db.rpc(name, { "": 1 });
      expect(status).toBe(404);
      expect(error?.code).toBe("PGRST202");
      expect(error?.hint ?? "").not.toMatch(new RegExp(`\\.${name}(\\(|$)`));
    }
    const text = await rpcRaw("fid_int", "1", "text/plain");
    expect(text).toEqual({
      status: 404,
      body: {
        code: "PGRST202",
        message: "Could not find the function public.fid_int in the schema cache",
        details:
          "Searched for the function public.fid_int with a single unnamed text parameter, but no matches were found in the schema cache.",
        hint: null,
      },
    });
  });
});

describe("overloads", () => {
  it("lists PGRST203 candidates in PostgREST's order: fewest parameters first, then by parameter", async () => {
    const { status, error } = await db.rpc("fid_pick");
    expect(status).toBe(300);
    expect(error?.message).toBe(
      "Could not choose the best candidate function between: public.fid_pick(), public.fid_pick(b => text), public.fid_pick(a => integer, c => integer)",
    );
  });
});

describe("missing=default", () => {
  it("fills identity and ordinary defaults for keys a row of a bulk insert lacks", async () => {
    const { data, error } = await db
      .from("fid_messages")
      .insert(
        [
          { channel_id: 2, message: "first" },
          { channel_id: 2, message: "second", data: { pinned: true } },
        ],
        { defaultToNull: false },
      )
      .select("id, message, data");
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 4, message: "first", data: {} },
      { id: 5, message: "second", data: { pinned: true } },
    ]);
  });
});
