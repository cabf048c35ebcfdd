import { z } from "zod";
import { notFound } from "@/lib/errors";
import { isoRequired, num, requireOneOf, timestamp, uuidField } from "../fields";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation, type Db } from "../types";
import { assertUnchanged, expectedUpdatedAt } from "../versions";

const tag = z.object({
  id: z.string(),
  name: z.string(),
  color: z.string(),
  owner_user_id: z.string(),
  entry_count: z.number().describe("How many captures carry it"),
  updated_at: timestamp.describe("Its version: pass it as expected_updated_at to update_tag"),
});
const TAG_COLUMNS =
  "t.id, t.name, t.color, t.owner_user_id, t.updated_at, (SELECT count(*) FROM public.entry_tags et WHERE et.tag_id = t.id) AS entry_count";
type TagRow = { id: string; name: string; color: string; owner_user_id: string; entry_count: string; updated_at: Date };
const toTag = (row: TagRow) => ({ ...row, entry_count: num(row.entry_count), updated_at: isoRequired(row.updated_at) });
const colorField = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a hex colour like #e11d48");

export const listTags = defineOperation({
  name: "list_tags",
  title: "List tags",
  description:
    "Lists the tags you can see (labels for captures), sorted by name, with how many captures carry each. Paginated by next_cursor.",
  domain: "tags",
  input: z.object({ limit: limitField(50, 100), cursor: cursorField }).strict(),
  output: pageOf(tag),
  capabilities: [{ section: "tags", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 50 },
  async handler(input, { db }) {
    const offset = offsetOf("list_tags", input.cursor);
    const rows = await db.query<TagRow>(
      `SELECT ${TAG_COLUMNS} FROM public.tags t ORDER BY t.name, t.id OFFSET $1 LIMIT $2`,
      [offset, input.limit + 1],
    );
    return toPage("list_tags", rows, input.limit, toTag, () => ({ offset: offset + input.limit }));
  },
});

export const createTag = defineOperation({
  name: "create_tag",
  title: "Create a tag",
  description: "Creates a tag you own (names are unique per person). Then label captures with tag_entry.",
  domain: "tags",
  input: z
    .object({
      name: z.string().trim().min(1).max(50),
      color: colorField.default("#64748b"),
    })
    .strict(),
  output: tag,
  capabilities: [{ section: "tags", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: { name: "auth-flow", color: "#e11d48" },
  async handler(input, { db }) {
    const [row] = await db.query<TagRow>(
      "INSERT INTO public.tags (name, color, owner_user_id) VALUES ($1, $2, auth.uid()) RETURNING id, name, color, owner_user_id, updated_at, 0 AS entry_count",
      [input.name, input.color],
    );
    return toTag(row);
  },
});

export const updateTag = defineOperation({
  name: "update_tag",
  title: "Rename or recolour a tag",
  description:
    "Renames a tag or changes its colour; the captures carrying it keep it. Pass the updated_at you loaded as expected_updated_at to refuse (CONFLICT) instead of overwriting a newer change.",
  domain: "tags",
  input: z
    .object({
      tag_id: uuidField("The tag (from list_tags)"),
      name: z.string().trim().min(1).max(50).optional(),
      color: colorField.optional(),
      expected_updated_at: expectedUpdatedAt,
    })
    .strict()
    .superRefine(requireOneOf(["name", "color"])),
  output: tag,
  capabilities: [{ section: "tags", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { tag_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", name: "login-flow", color: "#0ea5e9" },
  async handler(input, { db }) {
    // RLS hides others' tags from FOR UPDATE too, so a miss is "not found" whoever owns it.
    const [current] = await db.query<{ updated_at: Date }>(
      "SELECT updated_at FROM public.tags WHERE id = $1 FOR UPDATE",
      [input.tag_id],
    );
    if (!current) throw notFound(`Tag ${input.tag_id}`, "List tags with list_tags.");
    assertUnchanged("The tag", current.updated_at, input.expected_updated_at);
    const [row] = await db.query<TagRow>(
      `UPDATE public.tags t SET name = coalesce($2, name), color = coalesce($3, color),
         updated_at = greatest(now(), t.updated_at + interval '1 millisecond')
       WHERE id = $1 RETURNING ${TAG_COLUMNS}`,
      [input.tag_id, input.name ?? null, input.color ?? null],
    );
    if (!row) throw notFound(`Tag ${input.tag_id}`, "You can change your own tags (any with a fleet role).");
    return toTag(row);
  },
});

export const deleteTag = defineOperation({
  name: "delete_tag",
  title: "Delete a tag",
  description: "Deletes a tag and removes it from every capture carrying it. The captures stay.",
  domain: "tags",
  input: z.object({ tag_id: uuidField("The tag to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), tag_id: z.string(), name: z.string() }),
  capabilities: [{ section: "tags", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { tag_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f" },
  async handler({ tag_id }, { db }) {
    const [row] = await db.query<{ id: string; name: string }>(
      "DELETE FROM public.tags WHERE id = $1 RETURNING id, name",
      [tag_id],
    );
    if (!row) throw notFound(`Tag ${tag_id}`, "List tags with list_tags.");
    return { deleted: true as const, tag_id: row.id, name: row.name };
  },
});

const tagging = z
  .object({
    entry_id: z.number().int().positive().describe("The capture (from search_entries)"),
    tag_id: uuidField("The tag (from list_tags)"),
  })
  .strict();
const tagged = z.object({ entry_id: z.number(), tag_id: z.string(), tagged: z.boolean() });

async function assertVisible(db: Db, entryId: number, tagId: string): Promise<void> {
  const [row] = await db.query<{ tag: boolean; entry: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM public.tags WHERE id = $1) AS tag, EXISTS (SELECT 1 FROM public.entries WHERE id = $2) AS entry",
    [tagId, entryId],
  );
  if (!row.tag) throw notFound(`Tag ${tagId}`, "List tags with list_tags, or create one with create_tag.");
  if (!row.entry) throw notFound(`Entry ${entryId}`, "Find captures with search_entries.");
}

export const tagEntry = defineOperation({
  name: "tag_entry",
  title: "Tag a capture",
  description: "Puts a tag on a capture. Tagging twice is harmless.",
  domain: "tags",
  input: tagging,
  output: tagged,
  capabilities: [
    { section: "tags", action: "edit" },
    { section: "entries", action: "view" },
  ],
  readOnly: false,
  destructive: false,
  idempotent: true,
  example: { entry_id: 1234, tag_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f" },
  async handler({ entry_id, tag_id }, { db }) {
    await assertVisible(db, entry_id, tag_id);
    await db.query("INSERT INTO public.entry_tags (entry_id, tag_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      entry_id,
      tag_id,
    ]);
    return { entry_id, tag_id, tagged: true };
  },
});

export const untagEntry = defineOperation({
  name: "untag_entry",
  title: "Untag a capture",
  description:
    "Removes a tag from a capture. The tag and the capture both stay; use delete_tag to remove a tag everywhere.",
  domain: "tags",
  input: tagging,
  output: tagged,
  capabilities: [{ section: "tags", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { entry_id: 1234, tag_id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f" },
  async handler({ entry_id, tag_id }, { db }) {
    const rows = await db.query("DELETE FROM public.entry_tags WHERE entry_id = $1 AND tag_id = $2 RETURNING tag_id", [
      entry_id,
      tag_id,
    ]);
    if (rows.length === 0)
      throw notFound(`Tag ${tag_id} on entry ${entry_id}`, "Check the ids; get_entry and list_tags help.");
    return { entry_id, tag_id, tagged: false };
  },
});
