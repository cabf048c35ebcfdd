import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
});
afterAll(async () => db?.stop());

describe("BusyBro conversations", () => {
  it("keeps a person's turns in order, titled by the first question", async () => {
    const { conversation_id } = await run<{ conversation_id: string }>(
      db,
      "save_conversation_turn",
      { question: "how many devices are online?", answer: "Two.", artifacts: [{ type: "table", rows: [] }] },
      callerOf(memberA),
    );
    await run(
      db,
      "save_conversation_turn",
      { conversation_id, question: "and offline?", answer: "One." },
      callerOf(memberA),
    );
    const list = await run<{ items: { id: string; title: string; turns: number }[] }>(
      db,
      "list_conversations",
      {},
      callerOf(memberA),
    );
    expect(list.items).toEqual([
      expect.objectContaining({ id: conversation_id, title: "how many devices are online?", turns: 4 }),
    ]);
    const open = await run<{ turns: { role: string; text: string; artifacts: unknown[] }[] }>(
      db,
      "get_conversation",
      { conversation_id },
      callerOf(memberA),
    );
    expect(open.turns.map((t) => [t.role, t.text])).toEqual([
      ["user", "how many devices are online?"],
      ["assistant", "Two."],
      ["user", "and offline?"],
      ["assistant", "One."],
    ]);
    expect(open.turns[1].artifacts).toEqual([{ type: "table", rows: [] }]);
  });

  it("is private: another member, even an admin, can neither read, continue nor delete it", async () => {
    const { conversation_id } = await run<{ conversation_id: string }>(
      db,
      "save_conversation_turn",
      { question: "private question", answer: "private answer" },
      callerOf(memberA),
    );
    for (const other of [memberB, admin]) {
      await expectRefused(run(db, "get_conversation", { conversation_id }, callerOf(other)), "NOT_FOUND");
      await expectRefused(
        run(db, "save_conversation_turn", { conversation_id, question: "x", answer: "y" }, callerOf(other)),
        "NOT_FOUND",
      );
      await expectRefused(run(db, "delete_conversation", { conversation_id }, callerOf(other)), "NOT_FOUND");
      expect((await run<{ items: unknown[] }>(db, "list_conversations", {}, callerOf(other))).items).toEqual([]);
    }
    await expectRefused(
      run(db, "save_conversation_turn", { question: "x", answer: "y" }, callerOf(memberA, { write: false })),
      "INSUFFICIENT_SCOPE",
    );
    expect(await run(db, "delete_conversation", { conversation_id }, callerOf(memberA))).toEqual({
      deleted: true,
      conversation_id,
    });
    const { rows } = await db.owner.query(
      "SELECT count(*)::int AS n FROM public.busybro_turns WHERE conversation_id = $1",
      [conversation_id],
    );
    expect(rows[0].n).toBe(0);
  });
});
