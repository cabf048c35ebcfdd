import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let phoneA: string;
let phoneB: string;

type Settings = {
  global: { data: Record<string, unknown> };
  device?: { data: Record<string, unknown> } | null;
  effective?: Record<string, unknown>;
};

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  phoneB = await createDevice(db.owner, memberB, "B phone");
});
afterAll(async () => db?.stop());

describe("settings", () => {
  it("an admin changes global settings (env merges, lists replace), audited", async () => {
    await run(
      db,
      "update_global_settings",
      { env: { API_BASE: "https://staging.example.com", DEBUG: "1" } },
      callerOf(admin),
    );
    const doc = await run<{ data: Record<string, unknown>; updated_by: string }>(
      db,
      "update_global_settings",
      { env_unset: ["DEBUG"], breakpoints: [{ pattern: "api.example.com/v1/login*" }] },
      callerOf(admin),
    );
    expect(doc.data).toEqual({
      env: { API_BASE: "https://staging.example.com" },
      breakpoints: [{ pattern: "api.example.com/v1/login*", phase: "request", enabled: true }],
    });
    expect(doc.updated_by).toBe(admin.id);
    const audit = await db.owner.query(
      "SELECT actor_user_id FROM public.audit_log WHERE target_table = 'settings_global'",
    );
    expect(audit.rows).toHaveLength(2);
  });

  it("a member (own scope) may not change global settings", async () => {
    const refused = await expectRefused(
      run(db, "update_global_settings", { env: { X: "1" } }, callerOf(memberA)),
      "FORBIDDEN",
    );
    expect(refused.message).toContain("fleet");
    await expectRefused(
      run(db, "update_global_settings", { env: { "bad name": "1" } }, callerOf(admin)),
      "VALIDATION_FAILED",
      "env.bad name",
    );
  });

  it("a member overrides their own device's settings and sees the effective result", async () => {
    const group = await run<{ id: string }>(
      db,
      "create_service_group",
      { name: "Stripe", ssl_proxy_domains: ["api.stripe.com"] },
      callerOf(memberA),
    );
    const changed = await run<{ device: { data: Record<string, unknown> }; effective: Record<string, unknown> }>(
      db,
      "update_device_settings",
      { device_uuid: phoneA, env: { API_BASE: "http://localhost:8080" }, service_group_ids: [group.id] },
      callerOf(memberA),
    );
    expect(changed.device.data).toEqual({ env: { API_BASE: "http://localhost:8080" }, service_group_ids: [group.id] });
    expect(changed.effective).toMatchObject({
      env: { API_BASE: "http://localhost:8080" },
      ssl_proxy_domains: ["api.stripe.com"],
      device_uuid: phoneA,
    });
    const read = await run<Settings>(db, "get_settings", { device_uuid: phoneA }, callerOf(memberA));
    expect(read.global.data).toHaveProperty("breakpoints");
    expect(read.device?.data).toEqual(changed.device.data);
    const cleared = await run<{ device: null; effective: Record<string, unknown> }>(
      db,
      "update_device_settings",
      { device_uuid: phoneA, clear: true },
      callerOf(memberA),
    );
    expect(cleared.device).toBeNull();
    expect(cleared.effective).toMatchObject({ env: { API_BASE: "https://staging.example.com" } });
  });

  it("member A can neither read nor change B's device settings", async () => {
    await expectRefused(run(db, "get_settings", { device_uuid: phoneB }, callerOf(memberA)), "NOT_FOUND");
    await expectRefused(
      run(db, "update_device_settings", { device_uuid: phoneB, env: { X: "1" } }, callerOf(memberA)),
      "NOT_FOUND",
    );
    expect(
      (await db.owner.query("SELECT 1 FROM public.settings_device WHERE device_uuid = $1", [phoneB])).rows,
    ).toHaveLength(0);
  });
});

describe("settings editors that could collide", () => {
  type Doc = { data: Record<string, unknown>; updated_at: string };
  it("a global update carrying a stale updated_at is refused with CONFLICT", async () => {
    const loaded = (await run<{ global: Doc }>(db, "get_settings", {}, callerOf(admin))).global;
    const saved = await run<Doc>(
      db,
      "update_global_settings",
      { env: { FIRST: "1" }, expected_updated_at: loaded.updated_at },
      callerOf(admin),
    );
    expect(saved.updated_at > loaded.updated_at).toBe(true);
    const refused = await expectRefused(
      run(
        db,
        "update_global_settings",
        { env: { SECOND: "1" }, expected_updated_at: loaded.updated_at },
        callerOf(admin),
      ),
      "CONFLICT",
    );
    expect(refused.message).toContain("changed since you loaded it");
    const now = (await run<{ global: Doc }>(db, "get_settings", {}, callerOf(admin))).global;
    expect(now.data.env).not.toHaveProperty("SECOND");
  });

  it("a device stops overriding a key with inherit, and stale device edits are refused", async () => {
    const first = await run<{ device: Doc; effective: Record<string, unknown> }>(
      db,
      "update_device_settings",
      { device_uuid: phoneA, breakpoints: [{ pattern: "a.example/*" }], env: { MINE: "1" } },
      callerOf(memberA),
    );
    expect(first.effective.breakpoints).toEqual([{ pattern: "a.example/*", phase: "request", enabled: true }]);
    const inherited = await run<{ device: Doc; effective: Record<string, unknown> }>(
      db,
      "update_device_settings",
      { device_uuid: phoneA, inherit: ["breakpoints"], expected_updated_at: first.device.updated_at },
      callerOf(memberA),
    );
    expect(inherited.device.data).not.toHaveProperty("breakpoints");
    expect(inherited.device.data.env).toEqual({ MINE: "1" });
    const global = (await run<{ global: Doc }>(db, "get_settings", {}, callerOf(admin))).global;
    expect(inherited.effective.breakpoints).toEqual(global.data.breakpoints);
    await expectRefused(
      run(
        db,
        "update_device_settings",
        { device_uuid: phoneA, env: { LATE: "1" }, expected_updated_at: first.device.updated_at },
        callerOf(memberA),
      ),
      "CONFLICT",
    );
    await expectRefused(
      run(db, "update_device_settings", { device_uuid: phoneA, inherit: ["nope"] }, callerOf(memberA)),
      "VALIDATION_FAILED",
      "inherit.0",
    );
  });
});
