import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretBytes } from "@/lib/local-supabase/keys";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { installFixtures, userToken, waitForTable } from "./test-support";

/** Bad input of every kind gets PostgREST's error shape and status, never a 500. */

let stack: TestSupabase;

beforeAll(async () => {
  stack = await startTestSupabase();
  await installFixtures(stack.owner);
  await waitForTable(stack.url, stack.keys.publishableKey, "rest_books");
}, 180_000);
afterAll(() => stack?.stop());

async function call(
  path: string,
  init: RequestInit & { headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${stack.url}/rest/v1/${path}`, {
    ...init,
    headers: { apikey: stack.keys.publishableKey, ...init.headers },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("tokens and roles", () => {
  it("forgives 30 s of clock skew on exp and iat, as PostgREST does, and no more", async () => {
    const sub = "00000000-0000-4000-8000-000000000001";
    const now = Math.floor(Date.now() / 1000);
    const signed = (iat: number, exp: number) =>
      new SignJWT({ sub, role: "authenticated", aud: "authenticated" })
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(secretBytes(stack.keys.jwtSecret));
    expect((await call("rest_books", { headers: bearer(await signed(now - 900, now - 10)) })).status).toBe(200);
    expect((await call("rest_books", { headers: bearer(await signed(now + 10, now + 900)) })).status).toBe(200);
    const future = await call("rest_books", { headers: bearer(await signed(now + 120, now + 900)) });
    expect(future.status).toBe(401);
    expect(future.body).toEqual({ code: "PGRST303", details: null, hint: null, message: "JWT issued at future" });
  });

  it("refuses an expired token with PGRST303 and the invalid_token challenge", async () => {
    const expired = await userToken(stack.keys.jwtSecret, "00000000-0000-4000-8000-000000000001", { expiresIn: -120 });
    const { status, body, headers } = await call("rest_books", { headers: bearer(expired) });
    expect(status).toBe(401);
    expect(body).toEqual({ code: "PGRST303", details: null, hint: null, message: "JWT expired" });
    expect(headers.get("www-authenticate")).toBe('Bearer error="invalid_token", error_description="JWT expired"');
  });

  it("refuses forged, malformed and unknown keys with PGRST301", async () => {
    const forged = await new SignJWT({ role: "service_role" })
      .setProtectedHeader({ alg: "HS256" })
      .sign(secretBytes("another-secret-another-secret-another-secret"));
    expect((await call("rest_books", { headers: bearer(forged) })).body).toMatchObject({
      code: "PGRST301",
      message: "JWT cryptographic operation failed",
    });
    expect((await call("rest_books", { headers: bearer("not.a-jwt") })).body).toMatchObject({
      code: "PGRST301",
      message: "Expected 3 parts in JWT; got 2",
    });
    const unknownKey = await call("rest_books", { headers: { apikey: "sb_publishable_not_ours" } });
    expect(unknownKey).toMatchObject({
      status: 401,
      body: { code: "PGRST301", message: "Expected 3 parts in JWT; got 1" },
    });
    // An unknown key as the bearer, with no apikey header, is refused too (never anon).
    const forgedBearer = await fetch(`${stack.url}/rest/v1/rest_books`, { headers: bearer("sb_secret_forged") });
    expect(forgedBearer.status).toBe(401);
    expect(await forgedBearer.json()).toMatchObject({ code: "PGRST301" });
  });

  it("answers a role claim outside the request roles as SET ROLE would fail", async () => {
    const missing = await userToken(stack.keys.jwtSecret, "00000000-0000-4000-8000-000000000001", { role: "nobody" });
    expect(await call("rest_books", { headers: bearer(missing) })).toMatchObject({
      status: 401,
      body: { code: "22023", message: 'role "nobody" does not exist' },
    });
    const owner = await userToken(stack.keys.jwtSecret, "00000000-0000-4000-8000-000000000001", { role: "postgres" });
    expect(await call("rest_books", { headers: bearer(owner) })).toMatchObject({
      status: 403,
      body: { code: "42501", message: 'permission denied to set role "postgres"' },
    });
  });

  it("runs a valid token without a role claim as anon", async () => {
    const noRole = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1h")
      .sign(secretBytes(stack.keys.jwtSecret));
    expect((await call("rest_books?select=id&id=eq.1", { headers: bearer(noRole) })).body).toEqual([{ id: 1 }]);
  });
});

describe("malformed requests", () => {
  it("answers malformed filters, selects, orders and logic trees with PGRST100", async () => {
    for (const query of [
      "id=eq",
      "id=between.1",
      "or=(id.eq.1",
      "select=id,(",
      "select=id::",
      "order=id.sideways",
      "and=(id.eq.1,)",
      "id=in.(1,2",
    ]) {
      const { status, body } = await call(`rest_books?${query}`);
      expect({ query, status, code: body.code }).toEqual({ query, status: 400, code: "PGRST100" });
    }
  });

  it("answers unknown columns with 400 as PostgREST does, in select, filters and order", async () => {
    expect(await call("rest_books?select=nope")).toMatchObject({
      status: 400,
      body: { code: "42703", message: "column rest_books.nope does not exist" },
    });
    expect(await call("rest_books?nope=eq.1")).toMatchObject({ status: 400, body: { code: "42703" } });
    expect(await call("rest_books?order=nope.desc")).toMatchObject({ status: 400, body: { code: "42703" } });
    expect(await call("rest_books?select=id,rest_authors!author_id(nope)")).toMatchObject({
      status: 400,
      body: { message: "column rest_authors_1.nope does not exist" },
    });
  });

  it("answers values of the wrong type with 22P02 (400)", async () => {
    expect(await call("rest_books?pages=eq.many")).toMatchObject({
      status: 400,
      body: { code: "22P02", message: 'invalid input syntax for type integer: "many"' },
    });
    expect(await call("rest_books?published=gt.yesterday-ish")).toMatchObject({ status: 400, body: { code: "22007" } });
  });

  it("answers unknown tables with PGRST205 (404) and a suggestion", async () => {
    expect(await call("rest_book")).toMatchObject({
      status: 404,
      body: {
        code: "PGRST205",
        message: "Could not find the table 'public.rest_book' in the schema cache",
        hint: "Perhaps you meant the table 'public.rest_books'",
      },
    });
  });

  it("answers bad paths and methods as PostgREST", async () => {
    expect(await call("rest_books/1")).toMatchObject({
      status: 404,
      body: { code: "PGRST125", message: "Invalid path specified in request URL" },
    });
    expect(await call("rpc/rest_add", { method: "PATCH" })).toMatchObject({
      status: 405,
      body: { code: "PGRST101", message: "Cannot use the PATCH method on RPC" },
    });
    expect(await call("rest_books", { method: "PROPFIND" })).toMatchObject({
      status: 405,
      body: { code: "PGRST117", message: "Unsupported HTTP method: PROPFIND" },
    });
  });

  it("rejects unknown preferences only under handling=strict", async () => {
    expect((await call("rest_books?select=id&id=eq.1", { headers: { Prefer: "nonsense=1" } })).status).toBe(200);
    expect(await call("rest_books", { headers: { Prefer: "handling=strict, nonsense=1" } })).toMatchObject({
      status: 400,
      body: {
        code: "PGRST122",
        message: "Invalid preferences given with handling=strict",
        details: "Invalid preferences: nonsense=1",
      },
    });
  });

  it("refuses an oversized body with 413 before reading it all", async () => {
    const big = JSON.stringify({ label: "x".repeat(11 * 1024 * 1024) });
    const response = await call("rest_counters", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: big,
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ message: "Request body exceeds the limit of 10485760 bytes" });
  });

  it("keeps every pooled connection usable after statements fail (prepared or not)", async () => {
    const failing = await Promise.all(Array.from({ length: 40 }, () => call("rest_books?select=id::notatype")));
    expect(new Set(failing.map((response) => `${response.status} ${response.body.code}`))).toEqual(
      new Set(["400 42704"]),
    );
    const typed = await Promise.all(Array.from({ length: 40 }, () => call("rest_books?select=id&pages=eq.x")));
    expect(new Set(typed.map((response) => response.status))).toEqual(new Set([400]));
    const fine = await Promise.all(Array.from({ length: 40 }, () => call("rest_books?select=id&pages=eq.120")));
    expect(new Set(fine.map((response) => JSON.stringify(response.body)))).toEqual(new Set(['[{"id":1}]']));
  });

  it("never answers 500 to garbage in the query string", async () => {
    const garbage = [
      "select=%00",
      "id=eq.%00",
      "select=*,rest_authors!!(*)",
      "select=a->->b",
      "id=in.()",
      "limit=abc",
      "offset=-5",
      "order=",
      "select=" + "(".repeat(200),
      "or=(" + "and(".repeat(50),
    ];
    for (const query of garbage) {
      const { status } = await call(`rest_books?${query}`);
      expect({ query, ok: status < 500 }).toEqual({ query, ok: true });
    }
  });
});

describe("the schema cache", () => {
  it("sees new tables after NOTIFY pgrst, and forgets dropped ones", async () => {
    expect((await call("rest_late")).status).toBe(404);
    await stack.owner.query(
      "CREATE TABLE public.rest_late (id int PRIMARY KEY); GRANT SELECT ON public.rest_late TO anon; INSERT INTO public.rest_late VALUES (7)",
    );
    await stack.owner.query("NOTIFY pgrst, 'reload schema'");
    await waitForTable(stack.url, stack.keys.publishableKey, "rest_late");
    expect((await call("rest_late")).body).toEqual([{ id: 7 }]);
    await stack.owner.query("DROP TABLE public.rest_late");
    await stack.owner.query("NOTIFY pgrst");
    for (let i = 0; i < 100 && (await call("rest_late")).status !== 404; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await call("rest_late")).status).toBe(404);
  });

  it("exposes only the public schema", async () => {
    expect((await call("users", { headers: { "Accept-Profile": "auth" } })).body).toMatchObject({
      code: "PGRST106",
      message: "Invalid schema: auth",
    });
    expect((await call("users")).status).toBe(404);
  });
});
