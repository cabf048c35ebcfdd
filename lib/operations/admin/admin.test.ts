import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, heartbeat, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  await heartbeat(db.owner, await createDevice(db.owner, memberA, "A phone"));
});
afterAll(async () => db?.stop());

describe("whoami, stats and status", () => {
  it("whoami tells the person, role, capabilities and token", async () => {
    const me = await run(db, "whoami", {}, callerOf(memberA, { write: false, clientId: "claude-code" }));
    expect(me).toMatchObject({
      user: { id: memberA.id, email: "a@example.com" },
      role: { slug: "member", scope: "own" },
      token: { scopes: ["busymate:read"], may_write: false, client_id: "claude-code" },
    });
    expect((me as { capabilities: string[] }).capabilities).toEqual(
      expect.arrayContaining(["devices:edit", "devices:view", "stats:view"]),
    );
    expect((me as { capabilities: string[] }).capabilities).not.toContain("users:view");
  });

  it("get_stats computes the seed's snapshot when none was stored; get_status is admin-only", async () => {
    const stats = await run<{ total_devices: number; online_devices: number; generated_at: string }>(
      db,
      "get_stats",
      {},
      callerOf(memberA),
    );
    expect(stats).toMatchObject({ total_devices: 1, online_devices: 1 });
    await db.owner.query("SELECT public.refresh_service_stats()");
    expect(await run(db, "get_stats", {}, callerOf(memberA))).toMatchObject({ total_devices: 1 });
    expect(await run(db, "get_status", {}, callerOf(admin))).toEqual({ overall: "ok", components: [] });
    await expectRefused(run(db, "get_status", {}, callerOf(memberA)), "FORBIDDEN");
  });
});

describe("people and roles", () => {
  it("list_users and list_roles need users:view / roles:view", async () => {
    const people = await run<{ items: { email: string; role_slug: string }[] }>(db, "list_users", {}, callerOf(admin));
    expect(people.items.map((p) => [p.email, p.role_slug])).toEqual([
      ["a@example.com", "member"],
      ["admin@example.com", "admin"],
      ["b@example.com", "member"],
    ]);
    const page = await run<{ items: { email: string }[]; next_cursor: string }>(
      db,
      "list_users",
      { limit: 1, search: "example" },
      callerOf(admin),
    );
    expect(
      (
        await run<{ items: { email: string }[] }>(
          db,
          "list_users",
          { limit: 1, search: "example", cursor: page.next_cursor },
          callerOf(admin),
        )
      ).items[0].email,
    ).toBe("admin@example.com");
    await expectRefused(run(db, "list_users", {}, callerOf(memberA)), "FORBIDDEN");
    await expectRefused(run(db, "list_roles", {}, callerOf(memberA)), "FORBIDDEN");
    const roles = await run<{ items: { slug: string; capabilities: string[] }[] }>(
      db,
      "list_roles",
      {},
      callerOf(admin),
    );
    expect(roles.items.map((r) => r.slug)).toEqual(["admin", "member"]);
  });

  it("an admin creates, assigns, updates and deletes a custom role; every step is audited with the client", async () => {
    const viewer = await run<{ slug: string; capabilities: string[] }>(
      db,
      "create_role",
      { slug: "viewer", name: "Viewer", scope: "own", capabilities: ["devices:view", "entries:view"] },
      callerOf(admin, { clientId: "mcp-inspector" }),
    );
    expect(viewer.capabilities).toEqual(["devices:view", "entries:view"]);
    await run(
      db,
      "assign_role",
      { user_id: memberB.id, role_slug: "viewer" },
      callerOf(admin, { clientId: "mcp-inspector" }),
    );
    // A role change applies to the very next call.
    await expectRefused(run(db, "update_device", { device_uuid: admin.id, name: "x" }, callerOf(memberB)), "FORBIDDEN");
    const updated = await run<{ capabilities: string[] }>(
      db,
      "update_role",
      { role_slug: "viewer", capabilities: ["devices:edit"] },
      callerOf(admin),
    );
    expect(updated.capabilities).toEqual(["devices:edit"]);
    await expectRefused(run(db, "delete_role", { role_slug: "viewer" }, callerOf(admin)), "CONFLICT");
    await run(db, "assign_role", { user_id: memberB.id, role_slug: "member" }, callerOf(admin));
    expect(await run(db, "delete_role", { role_slug: "viewer" }, callerOf(admin))).toEqual({
      deleted: true,
      role_slug: "viewer",
    });
    const audit = await run<{
      items: {
        target_table: string;
        action: string;
        client_id: string | null;
        actor_user_id: string;
        changed: string[];
      }[];
    }>(db, "get_audit_log", { target_table: "user_roles", actor_user_id: admin.id, limit: 5 }, callerOf(admin));
    expect(audit.items.map((a) => [a.action, a.client_id, a.actor_user_id])).toEqual([
      ["update", "test-client", admin.id],
      ["update", "mcp-inspector", admin.id],
    ]);
    expect(audit.items[0].changed).toEqual(expect.arrayContaining(["role_id", "assigned_at"]));
  });

  it("built-in roles and the last admin are protected", async () => {
    await expectRefused(
      run(db, "update_role", { role_slug: "admin", capabilities: ["devices:view"] }, callerOf(admin)),
      "FORBIDDEN",
    );
    await expectRefused(run(db, "delete_role", { role_slug: "member" }, callerOf(admin)), "CONFLICT");
    const demoted = await expectRefused(
      run(db, "assign_role", { user_id: admin.id, role_slug: "member" }, callerOf(admin)),
      "FORBIDDEN",
    );
    expect(demoted.message).toContain("last admin");
    await expectRefused(
      run(db, "assign_role", { user_id: memberA.id, role_slug: "nope" }, callerOf(admin)),
      "NOT_FOUND",
    );
  });

  it("members cannot touch roles or assignments", async () => {
    await expectRefused(
      run(db, "assign_role", { user_id: memberA.id, role_slug: "admin" }, callerOf(memberA)),
      "FORBIDDEN",
    );
    await expectRefused(
      run(db, "create_role", { slug: "mine", name: "Mine", scope: "fleet", capabilities: [] }, callerOf(memberA)),
      "FORBIDDEN",
    );
    await expectRefused(run(db, "get_audit_log", {}, callerOf(memberA)), "FORBIDDEN");
  });
});
