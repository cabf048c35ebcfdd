import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { installFixtures, waitForTable } from "./test-support";

/** Embedding through foreign keys with the real supabase-js: to-one, to-many, one-to-one, many-to-many. */

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase();
  await installFixtures(stack.owner);
  await waitForTable(stack.url, stack.keys.publishableKey, "rest_books");
  db = stack.client();
}, 180_000);
afterAll(() => stack?.stop());

describe("embedding", () => {
  it("embeds a many-to-one as an object, named by FK hint, column or alias", async () => {
    const { data, error } = await db
      .from("rest_books")
      .select("id, author:rest_authors!rest_books_author_id_fkey(name), editor:editor_id(name)")
      .in("id", [1, 3])
      .order("id");
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 1, author: { name: "Ada" }, editor: { name: "Brian" } },
      { id: 3, author: { name: "Brian" }, editor: null },
    ]);
  });

  it("embeds a one-to-many as an array, filtered, ordered and limited at its own level", async () => {
    const { data } = await db
      .from("rest_authors")
      .select("name, rest_books!rest_books_author_id_fkey(title, pages)")
      .gt("rest_books.pages", 100)
      .order("title", { referencedTable: "rest_books", ascending: false })
      .limit(1, { referencedTable: "rest_books" })
      .order("id");
    expect(data).toEqual([
      { name: "Ada", rest_books: [{ title: "Analytical Engines", pages: 120 }] },
      { name: "Brian", rest_books: [{ title: "Bits and Pieces", pages: 300 }] },
      { name: "Chen", rest_books: [] },
    ]);
  });

  it("embeds one-to-one and many-to-many (through the junction table)", async () => {
    const profiles = await db.from("rest_authors").select("name, rest_profiles(bio)").order("id");
    expect(profiles.data).toEqual([
      { name: "Ada", rest_profiles: { bio: "Mathematician" } },
      { name: "Brian", rest_profiles: { bio: "Writer" } },
      { name: "Chen", rest_profiles: null },
    ]);
    const shelves = await db.from("rest_shelves").select("label, rest_books(id)").order("id");
    expect(shelves.data).toEqual([
      { label: "favourites", rest_books: [{ id: 1 }, { id: 2 }] },
      { label: "to read", rest_books: [{ id: 2 }, { id: 4 }] },
    ]);
  });

  it("keeps only parents with a match for !inner, and counts them the same way", async () => {
    const { data, count } = await db
      .from("rest_books")
      .select("id, author:rest_authors!author_id!inner(name)", { count: "exact" })
      .eq("author.country", "US")
      .order("id");
    expect(data).toEqual([
      { id: 2, author: { name: "Brian" } },
      { id: 3, author: { name: "Brian" } },
    ]);
    expect(count).toBe(2);
    const filterOnly = await db
      .from("rest_books")
      .select("id, rest_authors!author_id!inner()")
      .eq("rest_authors.name", "Ada");
    expect(filterOnly.data).toEqual([{ id: 1 }]);
  });

  it("filters parents by whether an embed is present (relation=is.null)", async () => {
    const without = await db.from("rest_authors").select("name, rest_profiles(bio)").is("rest_profiles", null);
    expect(without.data).toEqual([{ name: "Chen", rest_profiles: null }]);
    const withProfile = await db
      .from("rest_authors")
      .select("name, rest_profiles(bio)", { count: "exact" })
      .not("rest_profiles", "is", null)
      .order("id");
    expect(withProfile.data?.map((row) => row.name)).toEqual(["Ada", "Brian"]);
    expect(withProfile.count).toBe(2);
  });

  it("spreads a to-one embed into the parent and orders by an embedded column", async () => {
    const spread = await db
      .from("rest_books")
      .select("id, ...rest_authors!author_id(author_name:name, country)")
      .in("id", [1, 2])
      .order("id");
    expect(spread.data).toEqual([
      { id: 1, author_name: "Ada", country: "UK" },
      { id: 2, author_name: "Brian", country: "US" },
    ]);
    const response = await fetch(
      `${stack.url}/rest/v1/rest_books?select=id,rest_authors!author_id(name)&order=rest_authors(name).desc.nullslast,id&limit=3`,
      {
        headers: { apikey: stack.keys.publishableKey },
      },
    );
    expect((await response.json()).map((row: { id: number }) => row.id)).toEqual([4, 2, 3]);
  });
});

describe("embedding errors", () => {
  it("answers an ambiguous embed with PGRST201 (300) listing the relationships", async () => {
    const { error, status } = await db.from("rest_books").select("id, rest_authors(name)");
    expect(status).toBe(300);
    expect(error).toMatchObject({
      code: "PGRST201",
      message: "Could not embed because more than one relationship was found for 'rest_books' and 'rest_authors'",
      hint: "Try changing 'rest_authors' to one of the following: 'rest_authors!rest_books_author_id_fkey', 'rest_authors!rest_books_editor_id_fkey'. Find the desired relationship in the 'details' key.",
    });
    expect(error?.details).toEqual([
      {
        cardinality: "many-to-one",
        embedding: "rest_books with rest_authors",
        relationship: "rest_books_author_id_fkey using rest_books(author_id) and rest_authors(id)",
      },
      {
        cardinality: "many-to-one",
        embedding: "rest_books with rest_authors",
        relationship: "rest_books_editor_id_fkey using rest_books(editor_id) and rest_authors(id)",
      },
    ]);
  });

  it("answers an unknown relationship with PGRST200 and a suggestion", async () => {
    const { error, status } = await db.from("rest_books").select("id, rest_shelf(label)");
    expect(status).toBe(400);
    expect(error).toEqual({
      code: "PGRST200",
      message: "Could not find a relationship between 'rest_books' and 'rest_shelf' in the schema cache",
      details:
        "Searched for a foreign key relationship between 'rest_books' and 'rest_shelf' in the schema 'public', but no matches were found.",
      hint: "Perhaps you meant 'rest_shelves' instead of 'rest_shelf'.",
    });
  });

  it("refuses filters on resources not embedded and related orders on to-many", async () => {
    const notEmbedded = await db.from("rest_books").select("id").eq("rest_authors.name", "Ada");
    expect(notEmbedded.error).toEqual({
      code: "PGRST108",
      message: "'rest_authors' is not an embedded resource in this request",
      details: null,
      hint: "Verify that 'rest_authors' is included in the 'select' query parameter.",
    });
    const toMany = await fetch(
      `${stack.url}/rest/v1/rest_authors?select=id,rest_profiles(bio),rest_books!author_id(title)&order=rest_books(title)`,
      { headers: { apikey: stack.keys.publishableKey } },
    );
    expect(toMany.status).toBe(400);
    expect((await toMany.json()).code).toBe("PGRST118");
  });
});
