import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, newestEntryId, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let entryA: number;
let entryB: number;

type Tag = { id: string; name: string; color: string; entry_count: number; updated_at: string };

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  const phoneA = await createDevice(db.owner, memberA, "A phone");
  const phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(db.pool, phoneA, ["https://a.example/login"]);
  await insertEntries(db.pool, phoneB, ["https://b.example/login"]);
  entryA = await newestEntryId(db.owner, phoneA);
  entryB = await newestEntryId(db.owner, phoneB);
});
afterAll(async () => db?.stop());

describe("tags", () => {
  let tag: Tag;

  it("creates a tag, refuses a duplicate name, lists with counts", async () => {
    tag = await run<Tag>(db, "create_tag", { name: "auth-flow", color: "#e11d48" }, callerOf(memberA));
    await expectRefused(run(db, "create_tag", { name: "auth-flow" }, callerOf(memberA)), "CONFLICT");
    await expectRefused(
      run(db, "create_tag", { name: "x", color: "red" }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "color",
    );
    // Names are per person: B may have the same one.
    await run(db, "create_tag", { name: "auth-flow" }, callerOf(memberB));
    expect((await run<{ items: Tag[] }>(db, "list_tags", {}, callerOf(memberA))).items).toEqual([
      expect.objectContaining({ name: "auth-flow", entry_count: 0 }),
    ]);
    expect((await run<{ items: Tag[] }>(db, "list_tags", {}, callerOf(admin))).items).toHaveLength(2);
  });

  it("tags your own captures only, and only with your own tags", async () => {
    expect(await run(db, "tag_entry", { entry_id: entryA, tag_id: tag.id }, callerOf(memberA))).toEqual({
      entry_id: entryA,
      tag_id: tag.id,
      tagged: true,
    });
    await run(db, "tag_entry", { entry_id: entryA, tag_id: tag.id }, callerOf(memberA));
    await expectRefused(run(db, "tag_entry", { entry_id: entryB, tag_id: tag.id }, callerOf(memberA)), "NOT_FOUND");
    await expectRefused(run(db, "tag_entry", { entry_id: entryB, tag_id: tag.id }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(run(db, "untag_entry", { entry_id: entryA, tag_id: tag.id }, callerOf(memberB)), "NOT_FOUND");
    expect((await run<{ items: Tag[] }>(db, "list_tags", {}, callerOf(memberA))).items[0].entry_count).toBe(1);
  });

  it("renames and recolours; a stale version is refused with CONFLICT, not overwritten", async () => {
    const renamed = await run<Tag>(
      db,
      "update_tag",
      { tag_id: tag.id, name: "login-flow", expected_updated_at: tag.updated_at },
      callerOf(memberA),
    );
    expect(renamed).toMatchObject({ name: "login-flow", color: "#e11d48", entry_count: 1 });
    expect(renamed.updated_at > tag.updated_at).toBe(true);
    const stale = await expectRefused(
      run(
        db,
        "update_tag",
        { tag_id: tag.id, color: "#0ea5e9", expected_updated_at: tag.updated_at },
        callerOf(memberA),
      ),
      "CONFLICT",
    );
    expect(stale.message).toContain("changed since you loaded it");
    expect((await run<{ items: Tag[] }>(db, "list_tags", {}, callerOf(memberA))).items[0].color).toBe("#e11d48");
    tag = await run<Tag>(db, "update_tag", { tag_id: tag.id, color: "#0ea5e9" }, callerOf(memberA));
    expect(tag.color).toBe("#0ea5e9");
    await expectRefused(run(db, "update_tag", { tag_id: tag.id, name: "x" }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(run(db, "update_tag", { tag_id: tag.id }, callerOf(memberA)), "VALIDATION_FAILED", "name");
    await expectRefused(
      run(db, "update_tag", { tag_id: tag.id, color: "blue" }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "color",
    );
  });

  it("search_entries and count_entries filter by tag, within the caller's scope", async () => {
    const search = (who: Person, input: Record<string, unknown>) =>
      run<{ items: { id: number; tag_ids: string[] }[] }>(db, "search_entries", input, callerOf(who));
    expect((await search(memberA, { tag_ids: [tag.id] })).items).toEqual([
      expect.objectContaining({ id: entryA, tag_ids: [tag.id] }),
    ]);
    expect(await run(db, "count_entries", { tag_ids: [tag.id] }, callerOf(memberA))).toEqual({ count: 1 });
    expect((await search(memberA, { tag_ids: [tag.id], query: "nomatch" })).items).toEqual([]);
    expect((await search(memberA, { tag_ids: [tag.id], query: "a.example/log", methods: ["GET"] })).items).toHaveLength(
      1,
    );
    expect((await search(memberA, { tag_ids: [tag.id], status_classes: [5] })).items).toEqual([]);
    expect((await search(memberA, { tag_ids: [tag.id], before_id: entryA })).items).toEqual([]);
    // B's search with A's tag id sees nothing of A's.
    expect((await search(memberB, { tag_ids: [tag.id] })).items).toEqual([]);
    expect(await run(db, "count_entries", { tag_ids: [tag.id] }, callerOf(memberB))).toEqual({ count: 0 });
    await expectRefused(search(memberA, { tag_ids: ["red"] }), "VALIDATION_FAILED", "tag_ids.0");
  });

  it("untags and deletes; B cannot delete A's tag", async () => {
    expect(await run(db, "untag_entry", { entry_id: entryA, tag_id: tag.id }, callerOf(memberA))).toMatchObject({
      tagged: false,
    });
    await expectRefused(run(db, "delete_tag", { tag_id: tag.id }, callerOf(memberB)), "NOT_FOUND");
    expect(await run(db, "delete_tag", { tag_id: tag.id }, callerOf(memberA))).toEqual({
      deleted: true,
      tag_id: tag.id,
      name: "login-flow",
    });
  });
});
