import type { SupabaseClient } from "@supabase/supabase-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { CHANNELS_SQL, waitForTable } from "./test-support";

/**
 * What embedding reaches besides foreign keys between tables, as PostgREST has it, through the
 * real supabase-js: the whole-row `count`, functions as relations, relationships through
 * views, and to-many spreads.
 */

const RELATIONS_SQL = `
CREATE VIEW public.fid_channels_view AS SELECT id AS channel_id, slug FROM public.fid_channels;
CREATE VIEW public.fid_messages_view AS SELECT m.id, m.channel_id AS chan, m.message FROM (SELECT * FROM public.fid_messages) m;
CREATE VIEW public.fid_messages_view2 AS SELECT id, chan, message, upper(message) AS loud FROM public.fid_messages_view;
CREATE SCHEMA fid_private;
CREATE TABLE fid_private.owners (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE fid_private.pets (id int PRIMARY KEY, owner_id int REFERENCES fid_private.owners (id), name text);
INSERT INTO fid_private.owners VALUES (1, 'Ann'), (2, 'Bo');
INSERT INTO fid_private.pets VALUES (1, 1, 'Rex'), (2, 1, 'Tom'), (3, NULL, 'Stray');
CREATE VIEW public.fid_owners AS SELECT id, name FROM fid_private.owners;
CREATE VIEW public.fid_pets AS SELECT id, owner_id, name FROM fid_private.pets;
CREATE FUNCTION public.fid_view_rows(after int) RETURNS SETOF public.fid_messages_view LANGUAGE sql STABLE
  AS 'SELECT * FROM public.fid_messages_view WHERE id > after ORDER BY id';
GRANT SELECT ON public.fid_channels_view, public.fid_messages_view, public.fid_messages_view2, public.fid_owners, public.fid_pets TO anon, authenticated;
CREATE FUNCTION public.fid_get_messages(public.fid_channels) RETURNS SETOF public.fid_messages LANGUAGE sql STABLE
  AS 'SELECT * FROM public.fid_messages WHERE channel_id = $1.id ORDER BY id';
CREATE FUNCTION public.fid_channel_of(public.fid_messages) RETURNS public.fid_channels LANGUAGE sql STABLE
  AS 'SELECT * FROM public.fid_channels WHERE id = $1.channel_id';
CREATE FUNCTION public.fid_channels_named(prefix text) RETURNS SETOF public.fid_channels LANGUAGE sql STABLE
  AS $$ SELECT * FROM public.fid_channels WHERE slug LIKE prefix || '%' $$;`;

let stack: TestSupabase;
let db: SupabaseClient;

beforeAll(async () => {
  stack = await startTestSupabase();
  await stack.owner.query(CHANNELS_SQL + RELATIONS_SQL);
  await stack.owner.query("NOTIFY pgrst, 'reload schema'");
  await waitForTable(stack.url, stack.keys.publishableKey, "fid_pets");
  db = stack.client();
}, 180_000);
afterAll(() => stack?.stop());

describe("count as a column", () => {
  it("embeds the count of a to-many relationship, aggregates being off", async () => {
    const { data, error } = await db.from("fid_channels").select("id, fid_messages(count)").order("id");
    expect(error).toBeNull();
    expect(data).toEqual([
      { id: 1, fid_messages: [{ count: 2 }] },
      { id: 2, fid_messages: [{ count: 1 }] },
      { id: 3, fid_messages: [{ count: 0 }] },
    ]);
  });

  it("counts the rows of the top level, with an alias and under filters", async () => {
    expect((await db.from("fid_messages").select("count")).data).toEqual([{ count: 3 }]);
    expect((await db.from("fid_messages").select("total:count").eq("channel_id", 1)).data).toEqual([{ total: 2 }]);
    // Other aggregate syntax stays refused, as Supabase ships PostgREST (db-aggregates off).
    expect((await db.from("fid_messages").select("id.sum()")).error?.code).toBe("PGRST123");
  });
});

describe("functions as relations", () => {
  it("embeds a SETOF function of the row as an array and a one-row function as an object", async () => {
    const { data, error } = await db
      .from("fid_channels")
      .select("id, msgs:fid_get_messages(id, message, channel:fid_channel_of(slug))")
      .eq("id", 1)
      .order("id", { referencedTable: "msgs" });
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        id: 1,
        msgs: [
          { id: 1, message: "hello", channel: { slug: "public" } },
          { id: 2, message: "world", channel: { slug: "public" } },
        ],
      },
    ]);
    const toOne = await db.from("fid_messages").select("fid_channel_of(*)").eq("id", 3);
    expect(toOne.data).toEqual([{ fid_channel_of: { id: 2, slug: "random" } }]);
  });

  it("embeds through a function from the rows of a call and of a mutation", async () => {
    const called = await db.rpc("fid_channels_named", { prefix: "pub" }).select("slug, fid_get_messages(message)");
    expect(called.error).toBeNull();
    expect(called.data).toEqual([{ slug: "public", fid_get_messages: [{ message: "hello" }, { message: "world" }] }]);
    const inserted = await db
      .from("fid_messages")
      .insert({ id: 50, channel_id: 3, message: "new" })
      .select("message, fid_channel_of(slug)")
      .single();
    expect(inserted.error).toBeNull();
    expect(inserted.data).toEqual({ message: "new", fid_channel_of: { slug: "empty" } });
    await stack.owner.query("DELETE FROM public.fid_messages WHERE id = 50");
  });
});

describe("relationships through views", () => {
  it("embeds between a view and the tables its columns come from, both ways", async () => {
    const toTable = await db.from("fid_messages_view").select("message, fid_channels(slug)").eq("id", 3);
    expect(toTable.error).toBeNull();
    expect(toTable.data).toEqual([{ message: "hi", fid_channels: { slug: "random" } }]);
    const fromTable = await db.from("fid_channels").select("slug, fid_messages_view(message)").eq("id", 1);
    expect(fromTable.data).toEqual([
      { slug: "public", fid_messages_view: [{ message: "hello" }, { message: "world" }] },
    ]);
  });

  it("embeds view to view, through a view over a view and views over another schema's tables", async () => {
    const nested = await db.from("fid_channels_view").select("slug, fid_messages_view2(loud)").eq("channel_id", 2);
    expect(nested.error).toBeNull();
    expect(nested.data).toEqual([{ slug: "random", fid_messages_view2: [{ loud: "HI" }] }]);
    const owners = await db.from("fid_owners").select("name, fid_pets(name)").order("id");
    expect(owners.data).toEqual([
      { name: "Ann", fid_pets: [{ name: "Rex" }, { name: "Tom" }] },
      { name: "Bo", fid_pets: [] },
    ]);
    const pets = await db.from("fid_pets").select("name, fid_owners(name)").order("id");
    expect(pets.data).toEqual([
      { name: "Rex", fid_owners: { name: "Ann" } },
      { name: "Tom", fid_owners: { name: "Ann" } },
      { name: "Stray", fid_owners: null },
    ]);
  });

  it("embeds from the rows of a function returning a view", async () => {
    const { data, error } = await db
      .rpc("fid_view_rows", { after: 1 })
      .select("message, fid_channels(slug)")
      .lte("id", 3);
    expect(error).toBeNull();
    expect(data).toEqual([
      { message: "world", fid_channels: { slug: "public" } },
      { message: "hi", fid_channels: { slug: "random" } },
    ]);
  });
});

describe("to-many spreads", () => {
  it("lifts each column of a to-many embed into the parent as an array, in the embed's order", async () => {
    const { data, error } = await db
      .from("fid_channels")
      .select("slug, ...fid_messages(ids:id, message)")
      .in("id", [1, 3])
      .order("id")
      .order("id", { referencedTable: "fid_messages", ascending: false });
    expect(error).toBeNull();
    expect(data).toEqual([
      { slug: "public", ids: [2, 1], message: ["world", "hello"] },
      { slug: "empty", ids: [], message: [] },
    ]);
  });

  it("expands * and nests embeds inside the spread", async () => {
    const { data, error } = await db
      .from("fid_channels")
      .select("slug, ...fid_messages(*, fid_channels(slug))")
      .eq("id", 1)
      .order("id", { referencedTable: "fid_messages" });
    expect(error).toBeNull();
    expect(data).toEqual([
      {
        slug: "public",
        id: [1, 2],
        channel_id: [1, 1],
        message: ["hello", "world"],
        data: [{}, {}],
        fid_channels: [{ slug: "public" }, { slug: "public" }],
      },
    ]);
  });
});
