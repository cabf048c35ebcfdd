import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { installFixtures, waitForTable } from "./test-support";

/** Inserts, upserts, updates and deletes through the real supabase-js, and their failures. */

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase();
  await installFixtures(stack.owner);
  await waitForTable(stack.url, stack.keys.publishableKey, "rest_counters");
  db = stack.client();
}, 180_000);
afterAll(() => stack?.stop());

async function counterRows(): Promise<{ label: string; hits: number }[]> {
  return (await stack.owner.query("SELECT label, hits FROM public.rest_counters ORDER BY label")).rows;
}

describe("insert", () => {
  it("inserts one row (201), returning it when asked", async () => {
    const minimal = await db.from("rest_counters").insert({ label: "a" });
    expect(minimal).toMatchObject({ status: 201, data: null, error: null });
    const { data, status } = await db
      .from("rest_counters")
      .insert({ label: "b", hits: 2 })
      .select("label, hits")
      .single();
    expect(status).toBe(201);
    expect(data).toEqual({ label: "b", hits: 2 });
  });

  it("inserts arrays in bulk; with missing=default absent keys take column defaults", async () => {
    const nulls = await db
      .from("rest_authors")
      .insert([
        { id: 10, name: "Dora", country: "NL" },
        { id: 11, name: "Eve" },
      ])
      .select("id, country")
      .order("id");
    expect(nulls.data).toEqual([
      { id: 10, country: "NL" },
      { id: 11, country: null },
    ]);
    const defaults = await db
      .from("rest_counters")
      .insert([{ label: "c" }, { label: "d", hits: 7 }], { defaultToNull: false })
      .select("label, hits");
    expect(defaults.error).toBeNull();
    expect(defaults.data).toEqual([
      { label: "c", hits: 0 },
      { label: "d", hits: 7 },
    ]);
  });

  it("upserts with merge-duplicates (201 when inserting, 200 when only merging) and ignore-duplicates", async () => {
    const inserted = await db
      .from("rest_counters")
      .upsert({ label: "e", hits: 1 }, { onConflict: "label" })
      .select("label, hits");
    expect(inserted.status).toBe(201);
    const merged = await db
      .from("rest_counters")
      .upsert({ label: "e", hits: 5 }, { onConflict: "label" })
      .select("label, hits");
    expect(merged.status).toBe(200);
    expect(merged.data).toEqual([{ label: "e", hits: 5 }]);
    const ignored = await db
      .from("rest_counters")
      .upsert({ label: "e", hits: 9 }, { onConflict: "label", ignoreDuplicates: true })
      .select("label");
    expect(ignored.data).toEqual([]);
    expect((await counterRows()).find((row) => row.label === "e")?.hits).toBe(5);
  });

  it("answers return=headers-only with the new row's Location", async () => {
    const response = await fetch(`${stack.url}/rest/v1/rest_authors`, {
      method: "POST",
      headers: { apikey: stack.keys.publishableKey, "Content-Type": "application/json", Prefer: "return=headers-only" },
      body: JSON.stringify({ id: 12, name: "Fay" }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe("/rest_authors?id=eq.12");
    expect(response.headers.get("preference-applied")).toBe("return=headers-only");
  });

  it("rolls the insert back when .single() gets more than one row", async () => {
    const { error, status } = await db
      .from("rest_counters")
      .insert([{ label: "f" }, { label: "g" }])
      .select()
      .single();
    expect(status).toBe(406);
    expect(error?.code).toBe("PGRST116");
    expect((await counterRows()).some((row) => row.label === "f")).toBe(false);
  });
});

describe("update and delete", () => {
  it("updates rows matching the filters (204, or 200 with the rows) and counts them", async () => {
    const minimal = await db.from("rest_counters").update({ hits: 3 }).eq("label", "a");
    expect(minimal.status).toBe(204);
    const { data, status, count } = await db
      .from("rest_counters")
      .update({ hits: 4 }, { count: "exact" })
      .in("label", ["a", "b"])
      .select("label, hits")
      .order("label");
    expect(status).toBe(200);
    expect(count).toBe(2);
    expect(data).toEqual([
      { label: "a", hits: 4 },
      { label: "b", hits: 4 },
    ]);
  });

  it("deletes rows matching the filters, returning them when asked", async () => {
    await db.from("rest_counters").insert([{ label: "x1" }, { label: "x2" }]);
    const { data, status } = await db.from("rest_counters").delete().like("label", "x*").select("label").order("label");
    expect(status).toBe(200);
    expect(data).toEqual([{ label: "x1" }, { label: "x2" }]);
    const none = await db.from("rest_counters").delete().eq("label", "nope");
    expect(none.status).toBe(204);
  });

  it("refuses to change more rows than max-affected allows, changing nothing", async () => {
    // What `.maxAffected(1)` sends (its typings need a generated schema to allow it).
    const response = await fetch(`${stack.url}/rest/v1/rest_counters?label=in.(a,b)`, {
      method: "PATCH",
      headers: {
        apikey: stack.keys.publishableKey,
        "Content-Type": "application/json",
        Prefer: "handling=strict, max-affected=1",
      },
      body: JSON.stringify({ hits: 100 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "PGRST124", details: "The query affects 2 rows" });
    expect((await counterRows()).filter((row) => row.hits === 100)).toEqual([]);
  });

  it("upserts one row by primary key with PUT", async () => {
    const put = (id: number, name: string) =>
      fetch(`${stack.url}/rest/v1/rest_authors?id=eq.${id}`, {
        method: "PUT",
        headers: {
          apikey: stack.keys.publishableKey,
          "Content-Type": "application/json",
          Prefer: "return=representation",
        },
        body: JSON.stringify({ id, name }),
      });
    const created = await put(20, "Gus");
    expect(created.status).toBe(201);
    const replaced = await put(20, "Gustav");
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toEqual([{ id: 20, name: "Gustav", email: null, country: null }]);
    const mismatch = await fetch(`${stack.url}/rest/v1/rest_authors?id=eq.21`, {
      method: "PUT",
      headers: { apikey: stack.keys.publishableKey, "Content-Type": "application/json" },
      body: JSON.stringify({ id: 22, name: "X" }),
    });
    expect(mismatch.status).toBe(400);
    expect((await mismatch.json()).code).toBe("PGRST115");
  });
});

describe("write errors", () => {
  it("answers constraint violations with their SQLSTATE and PostgREST's status", async () => {
    const duplicate = await db.from("rest_authors").insert({ id: 1, name: "Again" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error).toMatchObject({
      code: "23505",
      message: 'duplicate key value violates unique constraint "rest_authors_pkey"',
      details: "Key (id)=(1) already exists.",
    });
    const foreignKey = await db.from("rest_books").insert({ id: 50, title: "Orphan", author_id: 999 });
    expect(foreignKey.status).toBe(409);
    expect(foreignKey.error?.code).toBe("23503");
    const notNull = await db.from("rest_books").insert({ id: 51 });
    expect(notNull.status).toBe(400);
    expect(notNull.error?.code).toBe("23502");
    const check = await db.from("rest_books").insert({ id: 52, title: "Odd", status: "lost" });
    expect(check.status).toBe(400);
    expect(check.error?.code).toBe("23514");
    const wrongType = await db.from("rest_books").insert({ id: "not-a-number", title: "x" });
    expect(wrongType.status).toBe(400);
    expect(wrongType.error?.code).toBe("22P02");
    const generated = await db.from("rest_books").insert({ id: 53, title: "x", search: "y" });
    expect(generated.status).toBe(400);
    expect(generated.error?.code).toBe("428C9");
  });

  it("answers an unknown body column with PGRST204", async () => {
    const { error, status } = await db.from("rest_counters").insert({ label: "z", nope: 1 });
    expect(status).toBe(400);
    expect(error).toEqual({
      code: "PGRST204",
      message: "Could not find the 'nope' column of 'rest_counters' in the schema cache",
      details: null,
      hint: null,
    });
  });

  it("answers bodies that are not JSON, or rows with different keys, with PGRST102", async () => {
    const post = (body: string) =>
      fetch(`${stack.url}/rest/v1/rest_counters`, {
        method: "POST",
        headers: { apikey: stack.keys.publishableKey, "Content-Type": "application/json" },
        body,
      });
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: "PGRST102", details: null, hint: null, message: "Empty or invalid json" });
    const uneven = await post('[{"label":"p"},{"hits":1}]');
    expect((await uneven.json()).message).toBe("All object keys must match");
    const xml = await fetch(`${stack.url}/rest/v1/rest_counters`, {
      method: "POST",
      headers: { apikey: stack.keys.publishableKey, "Content-Type": "application/xml" },
      body: "<a/>",
    });
    expect((await xml.json()).message).toBe("Content-Type not acceptable: application/xml");
  });
});
