import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, newestEntryId, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;
let entryA: number;
let entryB: number;

type Workspace = {
  id: string;
  name: string;
  devices: { uuid: string }[];
  tabs: { id: string; title: string; position: number; filter: Record<string, unknown> }[];
  pinned_count: number;
};

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
  await insertEntries(db.pool, phoneA, ["https://a.example/one"]);
  await insertEntries(db.pool, phoneB, ["https://b.example/one"]);
  entryA = await newestEntryId(db.owner, phoneA);
  entryB = await newestEntryId(db.owner, phoneB);
});
afterAll(async () => db?.stop());

describe("workspaces", () => {
  let workspace: Workspace;

  it("creates a workspace with your devices, lists and opens it", async () => {
    workspace = await run<Workspace>(
      db,
      "create_workspace",
      { name: "Checkout", device_uuids: [phoneA] },
      callerOf(memberA),
    );
    expect(workspace.devices.map((d) => d.uuid)).toEqual([phoneA]);
    const list = await run<{ items: { id: string; device_count: number }[] }>(
      db,
      "list_workspaces",
      {},
      callerOf(memberA),
    );
    expect(list.items).toEqual([expect.objectContaining({ id: workspace.id, device_count: 1 })]);
    expect((await run<{ items: unknown[] }>(db, "list_workspaces", {}, callerOf(memberB))).items).toEqual([]);
    expect(await run(db, "count_entries", { workspace_id: workspace.id }, callerOf(memberA))).toEqual({ count: 1 });
  });

  it("refuses another person's device in your workspace, writing nothing", async () => {
    await expectRefused(
      run(db, "create_workspace", { name: "Sneaky", device_uuids: [phoneB] }, callerOf(memberA)),
      "NOT_FOUND",
    );
    await expectRefused(
      run(db, "update_workspace", { workspace_id: workspace.id, device_uuids: [phoneA, phoneB] }, callerOf(memberA)),
      "NOT_FOUND",
    );
    expect((await db.owner.query("SELECT 1 FROM public.workspaces WHERE name = 'Sneaky'")).rows).toHaveLength(0);
    expect(
      (await db.owner.query("SELECT device_uuid FROM public.workspace_devices WHERE workspace_id = $1", [workspace.id]))
        .rows,
    ).toEqual([{ device_uuid: phoneA }]);
  });

  it("member B cannot see, rename or delete A's workspace", async () => {
    await expectRefused(run(db, "get_workspace", { workspace_id: workspace.id }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(
      run(db, "update_workspace", { workspace_id: workspace.id, name: "mine now" }, callerOf(memberB)),
      "NOT_FOUND",
    );
    await expectRefused(run(db, "delete_workspace", { workspace_id: workspace.id }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(run(db, "add_tab", { workspace_id: workspace.id, title: "x" }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(
      run(db, "pin_entry", { workspace_id: workspace.id, entry_id: entryB }, callerOf(memberB)),
      "NOT_FOUND",
    );
    expect(
      (await db.owner.query("SELECT name FROM public.workspaces WHERE id = $1", [workspace.id])).rows[0].name,
    ).toBe("Checkout");
  });

  it("adds, updates, reorders and removes tabs", async () => {
    const first = await run<{ id: string }>(
      db,
      "add_tab",
      { workspace_id: workspace.id, title: "Errors", filter: { statuses: ["4xx", "5xx"] } },
      callerOf(memberA),
    );
    const second = await run<{ id: string; position: number }>(
      db,
      "add_tab",
      { workspace_id: workspace.id, title: "Stripe", filter: { hosts: ["API.Stripe.com"] } },
      callerOf(memberA),
    );
    expect(second.position).toBe(1);
    await expectRefused(
      run(db, "add_tab", { workspace_id: workspace.id, title: "x", filter: { statuses: ["6xx"] } }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "filter.statuses.0",
    );
    const updated = await run<{ title: string; filter: object }>(
      db,
      "update_tab",
      { tab_id: second.id, title: "Stripe only" },
      callerOf(memberA),
    );
    expect(updated).toMatchObject({ title: "Stripe only", filter: { hosts: ["api.stripe.com"] } });
    const reordered = await run<{ tabs: { id: string }[] }>(
      db,
      "reorder_tabs",
      { workspace_id: workspace.id, tab_ids: [second.id, first.id] },
      callerOf(memberA),
    );
    expect(reordered.tabs.map((t) => t.id)).toEqual([second.id, first.id]);
    await expectRefused(
      run(db, "reorder_tabs", { workspace_id: workspace.id, tab_ids: [second.id] }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "tab_ids",
    );
    await expectRefused(run(db, "update_tab", { tab_id: first.id, title: "hijack" }, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(run(db, "remove_tab", { tab_id: first.id }, callerOf(memberB)), "NOT_FOUND");
    expect(await run(db, "remove_tab", { tab_id: first.id }, callerOf(memberA))).toEqual({
      removed: true,
      tab_id: first.id,
      title: "Errors",
    });
    const after = await run<Workspace>(db, "get_workspace", { workspace_id: workspace.id }, callerOf(memberA));
    expect(after.tabs.map((t) => t.title)).toEqual(["Stripe only"]);
  });

  it("pins and unpins your own captures, never another person's", async () => {
    await expectRefused(
      run(db, "pin_entry", { workspace_id: workspace.id, entry_id: entryB }, callerOf(memberA)),
      "NOT_FOUND",
    );
    expect(await run(db, "pin_entry", { workspace_id: workspace.id, entry_id: entryA }, callerOf(memberA))).toEqual({
      workspace_id: workspace.id,
      entry_id: entryA,
      pinned: true,
    });
    await run(db, "pin_entry", { workspace_id: workspace.id, entry_id: entryA }, callerOf(memberA));
    expect(
      (await run<Workspace>(db, "get_workspace", { workspace_id: workspace.id }, callerOf(memberA))).pinned_count,
    ).toBe(1);
    // The pinned view lists the pins only, not the rest of the workspace's devices' traffic.
    await insertEntries(db.pool, phoneA, ["https://a.example/two"]);
    const pinnedOnly = { workspace_id: workspace.id, pinned_only: true };
    const pinned = await run<{ items: { id: number }[] }>(db, "search_entries", pinnedOnly, callerOf(memberA));
    expect(pinned.items.map((e) => e.id)).toEqual([entryA]);
    expect(await run(db, "count_entries", pinnedOnly, callerOf(memberA))).toEqual({ count: 1 });
    expect(await run(db, "count_entries", { workspace_id: workspace.id }, callerOf(memberA))).toEqual({ count: 2 });
    await expectRefused(run(db, "count_entries", pinnedOnly, callerOf(memberB)), "NOT_FOUND");
    await expectRefused(
      run(db, "search_entries", { pinned_only: true }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "pinned_only",
    );
    expect(
      await run(db, "unpin_entry", { workspace_id: workspace.id, entry_id: entryA }, callerOf(memberA)),
    ).toMatchObject({ pinned: false });
    await expectRefused(
      run(db, "unpin_entry", { workspace_id: workspace.id, entry_id: entryA }, callerOf(memberA)),
      "NOT_FOUND",
    );
  });

  it("an admin sees every workspace; the owner deletes theirs", async () => {
    expect((await run<{ items: unknown[] }>(db, "list_workspaces", {}, callerOf(admin))).items).toHaveLength(1);
    await run(
      db,
      "update_workspace",
      { workspace_id: workspace.id, name: "Checkout (renamed)", device_uuids: [] },
      callerOf(memberA),
    );
    expect(
      (await run<Workspace>(db, "get_workspace", { workspace_id: workspace.id }, callerOf(memberA))).devices,
    ).toEqual([]);
    expect(await run(db, "delete_workspace", { workspace_id: workspace.id }, callerOf(memberA))).toEqual({
      deleted: true,
      workspace_id: workspace.id,
      name: "Checkout (renamed)",
    });
  });
});
