import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { installFixtures, waitForTable } from "./test-support";

/** Reads through the real supabase-js: selects, every filter operator, order, ranges, counts, media types. */

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase();
  await installFixtures(stack.owner);
  await waitForTable(stack.url, stack.keys.publishableKey, "rest_books");
  db = stack.client();
}, 180_000);
afterAll(() => stack?.stop());

const ids = (rows: { id: number }[] | null) => rows?.map((row) => row.id);

describe("select", () => {
  it("returns columns with aliases, casts and JSON paths", async () => {
    const { data, error, status } = await db
      .from("rest_books")
      .select("id,name:title,meta->>lang,year:meta->edition->year,meta->ratings->0,price::text")
      .eq("id", 1);
    expect(error).toBeNull();
    expect(status).toBe(200);
    expect(data).toEqual([{ id: 1, name: "Analytical Engines", lang: "en", year: 1843, ratings: 5, price: "19.99" }]);
  });

  it("returns every column for *, and computed fields by name", async () => {
    const { data } = await db.from("rest_books").select("*,rest_word_count").eq("id", 4).single();
    expect(data).toMatchObject({
      id: 4,
      title: "Data, Structures",
      tags: ["math"],
      reading_days: "[20,30)",
      rest_word_count: 5,
      status: "draft",
    });
  });

  it("reads views", async () => {
    const { data } = await db.from("rest_book_titles").select("title").eq("id", 2);
    expect(data).toEqual([{ title: "Bits and Pieces" }]);
  });
});

describe("filters", () => {
  it("compares with eq, neq, gt, gte, lt, lte", async () => {
    expect(ids((await db.from("rest_books").select("id").eq("pages", 120)).data)).toEqual([1]);
    expect(ids((await db.from("rest_books").select("id").neq("pages", 120).order("id")).data)).toEqual([2, 4, 5]);
    expect(ids((await db.from("rest_books").select("id").gt("pages", 120).order("id")).data)).toEqual([2, 5]);
    expect(ids((await db.from("rest_books").select("id").gte("pages", 120).order("id")).data)).toEqual([1, 2, 5]);
    expect(ids((await db.from("rest_books").select("id").lt("price", 19.99).order("id")).data)).toEqual([4, 5]);
    expect(ids((await db.from("rest_books").select("id").lte("published", "1999-05-20").order("id")).data)).toEqual([
      1, 2,
    ]);
  });

  it("matches patterns with like, ilike, their any/all forms, match and imatch", async () => {
    expect(ids((await db.from("rest_books").select("id").like("title", "%Engine%")).data)).toEqual([1]);
    expect(ids((await db.from("rest_books").select("id").ilike("title", "*engine*").order("id")).data)).toEqual([1, 5]);
    expect(ids((await db.from("rest_books").select("id").likeAnyOf("title", ["A%", "C%"]).order("id")).data)).toEqual([
      1, 3,
    ]);
    expect(
      ids((await db.from("rest_books").select("id").ilikeAllOf("title", ["%a%", "%e%"]).order("id")).data),
    ).toEqual([1, 2, 4, 5]);
    expect(ids((await db.from("rest_books").select("id").regexMatch("title", "^[A-C]").order("id")).data)).toEqual([
      1, 2, 3,
    ]);
    expect(ids((await db.from("rest_books").select("id").regexIMatch("title", "^e").order("id")).data)).toEqual([5]);
  });

  it("filters by lists, nulls and distinctness, including quoted values with commas", async () => {
    expect(
      ids((await db.from("rest_books").select("id").in("title", ["Data, Structures", "Crab Canon"]).order("id")).data),
    ).toEqual([3, 4]);
    expect(ids((await db.from("rest_books").select("id").in("id", []).order("id")).data)).toEqual([]);
    expect(ids((await db.from("rest_books").select("id").is("pages", null)).data)).toEqual([3]);
    expect(ids((await db.from("rest_books").select("id").not("pages", "is", null).order("id")).data)).toEqual([
      1, 2, 4, 5,
    ]);
    expect(ids((await db.from("rest_books").select("id").isDistinct("editor_id", 1).order("id")).data)).toEqual([
      1, 3, 5,
    ]);
    expect(ids((await db.from("rest_books").select("id").notIn("id", [1, 2]).order("id")).data)).toEqual([3, 4, 5]);
  });

  it("tests containment and overlap of arrays, JSON and ranges", async () => {
    expect(ids((await db.from("rest_books").select("id").contains("tags", ["math"]).order("id")).data)).toEqual([1, 4]);
    expect(
      ids(
        (await db.from("rest_books").select("id").containedBy("tags", ["math", "history", "computing"]).order("id"))
          .data,
      ),
    ).toEqual([1, 2, 3, 4]);
    expect(
      ids((await db.from("rest_books").select("id").overlaps("tags", ["history", "computing"]).order("id")).data),
    ).toEqual([1, 2]);
    expect(
      ids(
        (
          await db
            .from("rest_books")
            .select("id")
            .contains("meta", { edition: { year: 1999 } })
        ).data,
      ),
    ).toEqual([2]);
    expect(ids((await db.from("rest_books").select("id").overlaps("reading_days", "[4,6)").order("id")).data)).toEqual([
      1, 2, 5,
    ]);
    expect(ids((await db.from("rest_books").select("id").rangeGt("reading_days", "[1,10)").order("id")).data)).toEqual([
      4,
    ]);
    expect(ids((await db.from("rest_books").select("id").rangeLt("reading_days", "[10,12)").order("id")).data)).toEqual(
      [1, 2, 5],
    );
    expect(ids((await db.from("rest_books").select("id").rangeGte("reading_days", "[5,6)").order("id")).data)).toEqual([
      4, 5,
    ]);
    expect(ids((await db.from("rest_books").select("id").rangeLte("reading_days", "[1,8)").order("id")).data)).toEqual([
      1, 5,
    ]);
    expect(
      ids((await db.from("rest_books").select("id").rangeAdjacent("reading_days", "[8,20)").order("id")).data),
    ).toEqual([4, 5]);
  });

  it("searches text with fts, plfts, phfts and wfts, on tsvector and text columns", async () => {
    expect(
      ids(
        (await db.from("rest_books").select("id").textSearch("search", "engines", { config: "english" }).order("id"))
          .data,
      ),
    ).toEqual([1, 5]);
    expect(
      ids(
        (
          await db
            .from("rest_books")
            .select("id")
            .textSearch("summary", "computing machines", { type: "plain", config: "english" })
        ).data,
      ),
    ).toEqual([2]);
    expect(
      ids(
        (
          await db
            .from("rest_books")
            .select("id")
            .textSearch("summary", "quick brown", { type: "phrase", config: "english" })
        ).data,
      ),
    ).toEqual([4]);
    expect(
      ids(
        (
          await db
            .from("rest_books")
            .select("id")
            .textSearch("summary", "engines -slow", { type: "websearch", config: "english" })
        ).data,
      ),
    ).toEqual([1]);
  });

  it("negates any operator and combines filters in nested or/and trees", async () => {
    expect(ids((await db.from("rest_books").select("id").not("title", "ilike", "*engine*").order("id")).data)).toEqual([
      2, 3, 4,
    ]);
    const tree = await db
      .from("rest_books")
      .select("id")
      .or("pages.gt.200,and(price.lt.10,tags.ov.{math})")
      .order("id");
    expect(ids(tree.data)).toEqual([2, 4, 5]);
    const negated = await fetch(`${stack.url}/rest/v1/rest_books?select=id&not.or=(id.eq.1,id.eq.2)&order=id`, {
      headers: { apikey: stack.keys.publishableKey },
    });
    expect(await negated.json()).toEqual([{ id: 3 }, { id: 4 }, { id: 5 }]);
    const both = await db
      .from("rest_books")
      .select("id")
      .or("id.eq.1,id.eq.2")
      .or("title.ilike.*bits*,title.ilike.*crab*");
    expect(ids(both.data)).toEqual([2]);
    expect(ids((await db.from("rest_books").select("id").match({ author_id: 2, pages: 300 })).data)).toEqual([2]);
    expect(ids((await db.from("rest_books").select("id").filter("meta->>lang", "eq", "de")).data)).toEqual([3]);
  });
});

describe("order and ranges", () => {
  it("orders by several columns with nulls first or last", async () => {
    const { data } = await db
      .from("rest_books")
      .select("id")
      .order("pages", { ascending: false, nullsFirst: true })
      .order("id");
    expect(ids(data)).toEqual([3, 2, 5, 1, 4]);
    const last = await db
      .from("rest_books")
      .select("id")
      .order("editor_id", { ascending: true, nullsFirst: false })
      .order("id", { ascending: false });
    expect(ids(last.data)).toEqual([4, 2, 1, 5, 3]);
  });

  it("pages with limit, offset and range(), answering 206 with Content-Range when counted", async () => {
    const page = await db.from("rest_books").select("id", { count: "exact" }).order("id").range(1, 2);
    expect(page.status).toBe(206);
    expect(page.count).toBe(5);
    expect(ids(page.data)).toEqual([2, 3]);
    const limited = await db.from("rest_books").select("id").order("id").limit(2);
    expect(ids(limited.data)).toEqual([1, 2]);
    expect(limited.status).toBe(200);
  });

  it("honours the Range header and reports Content-Range", async () => {
    const response = await fetch(`${stack.url}/rest/v1/rest_books?select=id&order=id`, {
      headers: { apikey: stack.keys.publishableKey, Range: "1-3", Prefer: "count=exact" },
    });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe("1-3/5");
    expect(await response.json()).toEqual([{ id: 2 }, { id: 3 }, { id: 4 }]);
    const uncounted = await fetch(`${stack.url}/rest/v1/rest_books?select=id&limit=2`, {
      headers: { apikey: stack.keys.publishableKey },
    });
    expect(uncounted.headers.get("content-range")).toBe("0-1/*");
    const none = await fetch(`${stack.url}/rest/v1/rest_books?select=id&id=eq.99`, {
      headers: { apikey: stack.keys.publishableKey, Prefer: "count=exact" },
    });
    expect(none.headers.get("content-range")).toBe("*/0");
  });

  it("answers 416 for a range past the end, and for a negative limit", async () => {
    const past = await db.from("rest_books").select("id", { count: "exact" }).range(10, 12);
    expect(past.status).toBe(416);
    expect(past.error).toMatchObject({
      code: "PGRST103",
      message: "Requested range not satisfiable",
      details: "An offset of 10 was requested, but there are only 5 rows.",
    });
    const negative = await fetch(`${stack.url}/rest/v1/rest_books?limit=-1`, {
      headers: { apikey: stack.keys.publishableKey },
    });
    expect(negative.status).toBe(416);
    expect((await negative.json()).details).toBe("Limit should be greater than or equal to zero.");
  });

  it("counts exactly, by the planner, or estimated, with HEAD returning no body", async () => {
    const head = await db.from("rest_books").select("*", { count: "exact", head: true });
    expect(head).toMatchObject({ count: 5, data: null, error: null, status: 200 });
    const planned = await db.from("rest_books").select("id", { count: "planned" });
    expect(planned.count).toBeGreaterThan(0);
    const estimated = await db.from("rest_books").select("id", { count: "estimated" }).gt("id", 2);
    expect(estimated.count).toBe(3);
  });
});

describe("media types", () => {
  it("returns one object for .single(), PGRST116 (406) otherwise, and maybeSingle", async () => {
    expect((await db.from("rest_books").select("id").eq("id", 2).single()).data).toEqual({ id: 2 });
    const none = await db.from("rest_books").select("id").eq("id", 99).single();
    expect(none.status).toBe(406);
    expect(none.error).toMatchObject({
      code: "PGRST116",
      message: "Cannot coerce the result to a single JSON object",
      details: "The result contains 0 rows",
    });
    const many = await db.from("rest_books").select("id").single();
    expect(many.error).toMatchObject({ code: "PGRST116", details: "The result contains 5 rows" });
    expect((await db.from("rest_books").select("id").eq("id", 99).maybeSingle()).data).toBeNull();
  });

  it("returns CSV", async () => {
    const { data } = await db.from("rest_authors").select("id,name,email").order("id").csv();
    expect(data).toBe("id,name,email\n1,Ada,ada@example.com\n2,Brian,brian@example.com\n3,Chen,");
  });

  it("refuses media types it cannot produce with PGRST107", async () => {
    const response = await fetch(`${stack.url}/rest/v1/rest_books`, {
      headers: { apikey: stack.keys.publishableKey, Accept: "application/xml" },
    });
    expect(response.status).toBe(406);
    expect((await response.json()).code).toBe("PGRST107");
  });

  it("sends the headers the client relies on", async () => {
    const response = await fetch(`${stack.url}/rest/v1/rest_books?select=id&id=eq.1`, {
      headers: { apikey: stack.keys.publishableKey, "Accept-Profile": "public" },
    });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("content-profile")).toBe("public");
    expect(response.headers.get("content-location")).toBe("/rest_books?id=eq.1&select=id");
    const wrongSchema = await fetch(`${stack.url}/rest/v1/rest_books`, {
      headers: { apikey: stack.keys.publishableKey, "Accept-Profile": "private" },
    });
    expect(wrongSchema.status).toBe(406);
    expect(await wrongSchema.json()).toEqual({
      code: "PGRST106",
      details: null,
      hint: "Only the following schemas are exposed: public",
      message: "Invalid schema: private",
    });
  });
});
