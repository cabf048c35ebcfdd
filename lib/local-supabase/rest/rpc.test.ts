import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { installFixtures, userToken, waitForTable } from "./test-support";

/** Functions through `supabase.rpc(…)`: arguments, result shapes, results read like tables, transactions. */

const FUNCTIONS_SQL = `
CREATE FUNCTION public.rest_add(a int, b int DEFAULT 10) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a + b';
CREATE FUNCTION public.rest_books_by(author int) RETURNS SETOF public.rest_books LANGUAGE sql STABLE AS 'SELECT * FROM public.rest_books WHERE author_id = author';
CREATE FUNCTION public.rest_titles(min_pages int DEFAULT 0) RETURNS TABLE (book_id int, title text) LANGUAGE sql STABLE
  AS 'SELECT id, title FROM public.rest_books WHERE pages >= min_pages ORDER BY id';
CREATE FUNCTION public.rest_ids() RETURNS SETOF int LANGUAGE sql STABLE AS 'SELECT id FROM public.rest_books ORDER BY id';
CREATE FUNCTION public.rest_pair(OUT first int, OUT second text) LANGUAGE sql STABLE AS 'SELECT 1, ''one''';
CREATE FUNCTION public.rest_touch(counter text) RETURNS void LANGUAGE sql VOLATILE
  AS 'INSERT INTO public.rest_counters (label, hits) VALUES (counter, 1) ON CONFLICT (label) DO UPDATE SET hits = rest_counters.hits + 1';
CREATE FUNCTION public.rest_echo(payload json) RETURNS json LANGUAGE sql IMMUTABLE AS 'SELECT payload';
CREATE FUNCTION public.rest_whole(json) RETURNS json LANGUAGE sql IMMUTABLE AS 'SELECT json_build_object(''got'', $1)';
CREATE FUNCTION public.rest_ambiguous(a int DEFAULT 1) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT a';
CREATE FUNCTION public.rest_ambiguous(b text DEFAULT 'x') RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT b';
CREATE FUNCTION public.rest_fail(msg text) RETURNS int LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', msg USING HINT = 'try again'; END $$;
CREATE FUNCTION public.rest_teapot() RETURNS int LANGUAGE plpgsql STABLE AS $$
BEGIN
  PERFORM set_config('response.status', '418', true);
  PERFORM set_config('response.headers', '[{"X-Tea": "earl grey"}]', true);
  RETURN 1;
END $$;
CREATE FUNCTION public.rest_slow() RETURNS int LANGUAGE sql STABLE SET statement_timeout = '100ms' AS 'SELECT 1 FROM pg_sleep(2)';
CREATE FUNCTION public.rest_private() RETURNS int LANGUAGE sql STABLE AS 'SELECT 42';
REVOKE EXECUTE ON FUNCTION public.rest_private() FROM PUBLIC;
CREATE FUNCTION public.rest_context() RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object(
    'role', current_user, 'sub', auth.uid(), 'claims_role', auth.jwt() ->> 'role',
    'method', current_setting('request.method'), 'path', current_setting('request.path'),
    'header', current_setting('request.headers')::json ->> 'x-test', 'cookie', current_setting('request.cookies')::json ->> 'flavour',
    'timeout', current_setting('statement_timeout'), 'read_only', current_setting('transaction_read_only'), 'search_path', current_setting('search_path'))
$$;
`;

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase();
  await installFixtures(stack.owner);
  await stack.owner.query(FUNCTIONS_SQL);
  await stack.owner.query("NOTIFY pgrst, 'reload schema'");
  await waitForTable(stack.url, stack.keys.publishableKey, "rest_books");
  // The function reload may land after the table reload that waitForTable saw.
  for (let i = 0; i < 100 && (await db0().rpc("rest_ids")).status === 404; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  db = db0();
}, 180_000);
afterAll(() => stack?.stop());

const db0 = () => stack.client();

describe("arguments and result shapes", () => {
  it("calls with named arguments by POST and by GET, using defaults", async () => {
    expect((await db.rpc("rest_add", { a: 1, b: 2 })).data).toBe(3);
    expect((await db.rpc("rest_add", { a: 1 })).data).toBe(11);
    const viaGet = await db.rpc("rest_add", { a: 5, b: 5 }, { get: true });
    expect(viaGet).toMatchObject({ data: 10, status: 200 });
  });

  it("returns rows of a table type, filtered, ordered, limited and embedded like a table", async () => {
    const { data, error } = await db
      .rpc("rest_books_by", { author: 2 })
      .select("id, title, author:rest_authors!author_id(name)")
      .order("id", { ascending: false })
      .limit(1);
    expect(error).toBeNull();
    expect(data).toEqual([{ id: 3, title: "Crab Canon", author: { name: "Brian" } }]);
    const counted = await db.rpc("rest_books_by", { author: 2 }, { count: "exact" }).select("id").range(0, 0);
    expect(counted).toMatchObject({ status: 206, count: 2, data: [{ id: 2 }] });
    const head = await db.rpc("rest_books_by", { author: 2 }, { head: true, count: "exact" });
    expect(head).toMatchObject({ data: null, count: 2 });
  });

  it("returns TABLE results, sets of scalars, OUT parameters as one object, and 204 for void", async () => {
    expect((await db.rpc("rest_titles", { min_pages: 200 }).gt("book_id", 2)).data).toEqual([
      { book_id: 5, title: "engines of change" },
    ]);
    expect((await db.rpc("rest_ids")).data).toEqual([1, 2, 3, 4, 5]);
    expect((await db.rpc("rest_pair")).data).toEqual({ first: 1, second: "one" });
    const touched = await db.rpc("rest_touch", { counter: "rpc" });
    expect(touched).toMatchObject({ status: 204, data: null, error: null });
    expect((await stack.owner.query("SELECT hits FROM public.rest_counters WHERE label = 'rpc'")).rows).toEqual([
      { hits: 1 },
    ]);
  });

  it("passes JSON arguments, and the whole body to a single unnamed json parameter", async () => {
    expect((await db.rpc("rest_echo", { payload: { nested: [1, { a: true }] } })).data).toEqual({
      nested: [1, { a: true }],
    });
    expect((await db.rpc("rest_whole", { anything: "goes" })).data).toEqual({ got: { anything: "goes" } });
  });

  it("returns a single object for .single()", async () => {
    expect((await db.rpc("rest_books_by", { author: 1 }).select("title").single()).data).toEqual({
      title: "Analytical Engines",
    });
    expect((await db.rpc("rest_books_by", { author: 2 }).select("title").single()).error?.code).toBe("PGRST116");
  });
});

describe("function errors", () => {
  it("answers an unknown function or argument set with PGRST202 (404), with a hint", async () => {
    const unknown = await db.rpc("rest_ad", { a: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.error).toEqual({
      code: "PGRST202",
      message: "Could not find the function public.rest_ad(a) in the schema cache",
      details:
        "Searched for the function public.rest_ad with parameter a or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.",
      hint: "Perhaps you meant to call the function public.rest_add",
    });
    const missingRequired = await db.rpc("rest_add", { b: 1 });
    expect(missingRequired.error?.code).toBe("PGRST202");
  });

  it("answers overloads it cannot choose between with PGRST203 (300)", async () => {
    const { error, status } = await db.rpc("rest_ambiguous");
    expect(status).toBe(300);
    expect(error?.code).toBe("PGRST203");
    expect(error?.message).toContain(
      "Could not choose the best candidate function between: public.rest_ambiguous(a => integer), public.rest_ambiguous(b => text)",
    );
  });

  it("relays RAISE as P0001 (400), statement timeouts as 57014 (500), and refuses writes over GET (405)", async () => {
    expect(await db.rpc("rest_fail", { msg: "no luck" })).toMatchObject({
      status: 400,
      error: { code: "P0001", message: "no luck", hint: "try again", details: null },
    });
    expect(await db.rpc("rest_slow")).toMatchObject({
      status: 500,
      error: { code: "57014", message: "canceling statement due to statement timeout" },
    });
    const overGet = await db.rpc("rest_touch", { counter: "get" }, { get: true });
    expect(overGet).toMatchObject({ status: 405, error: { code: "25006" } });
  });

  it("lets SQL set the response status and headers", async () => {
    const response = await fetch(`${stack.url}/rest/v1/rpc/rest_teapot`, {
      headers: { apikey: stack.keys.publishableKey },
    });
    expect(response.status).toBe(418);
    expect(response.headers.get("x-tea")).toBe("earl grey");
  });

  it("refuses a function the role may not execute: 401 for anon, 403 for a signed-in user", async () => {
    const anon = await db.rpc("rest_private");
    expect(anon).toMatchObject({
      status: 401,
      error: { code: "42501", message: "permission denied for function rest_private" },
    });
    const user = stack.client({
      accessToken: await userToken(stack.keys.jwtSecret, "00000000-0000-4000-8000-000000000001"),
    });
    expect((await user.rpc("rest_private")).status).toBe(403);
  });
});

describe("the request's transaction", () => {
  it("runs as the token's role with its claims, request settings, timeout and read-only mode", async () => {
    const sub = "00000000-0000-4000-8000-000000000002";
    const token = await userToken(stack.keys.jwtSecret, sub);
    const response = await fetch(`${stack.url}/rest/v1/rpc/rest_context`, {
      headers: {
        apikey: stack.keys.publishableKey,
        Authorization: `Bearer ${token}`,
        "X-Test": "hello",
        Cookie: "flavour=mint; other=1",
      },
    });
    expect(await response.json()).toEqual({
      role: "authenticated",
      sub,
      claims_role: "authenticated",
      method: "GET",
      path: "/rpc/rest_context",
      header: "hello",
      cookie: "mint",
      timeout: "8s",
      read_only: "on",
      search_path: '"public", "extensions"',
    });
    const anon = await db.rpc("rest_context");
    expect(anon.data).toMatchObject({ role: "anon", sub: null, timeout: "3s", method: "POST", read_only: "on" });
    const service = await stack.client({ key: stack.keys.secretKey }).rpc("rest_context");
    expect(service.data).toMatchObject({ role: "service_role", claims_role: "service_role" });
  });
});
