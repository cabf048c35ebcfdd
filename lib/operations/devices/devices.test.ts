import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries, type Person } from "@/lib/testing/db-fixtures";
import {
  callerOf,
  createRoleWith,
  expectRefused,
  heartbeat,
  run,
  startOperationsDb,
  type OperationsDb,
} from "../testing";

let db: OperationsDb;
let admin: Person;
let memberA: Person;
let memberB: Person;
let viewer: Person;
let phoneA: string;
let tabletA: string;
let phoneB: string;

type Page = {
  items: { uuid: string; name: string; online: boolean }[];
  next_cursor: string | null;
  truncated: boolean;
};

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  memberA = await createPerson(db.owner, "a@example.com", "member");
  memberB = await createPerson(db.owner, "b@example.com", "member");
  await createRoleWith(db.owner, "device_viewer", ["devices:view"]);
  viewer = await createPerson(db.owner, "viewer@example.com", "device_viewer");
  phoneA = await createDevice(db.owner, memberA, "A phone");
  tabletA = await createDevice(db.owner, memberA, "A tablet");
  phoneB = await createDevice(db.owner, memberB, "B phone");
  await heartbeat(db.owner, phoneA, 5);
  await heartbeat(db.owner, tabletA, 600);
  await insertEntries(db.pool, phoneA, ["https://api.example.com/v1/me"]);
});
afterAll(async () => db?.stop());

const name = async (uuid: string) =>
  (await db.owner.query<{ name: string }>("SELECT name FROM public.devices WHERE uuid = $1", [uuid])).rows[0]?.name;

describe("list_devices and get_device", () => {
  it("a member sees only their own devices, with online state", async () => {
    const page = await run<Page>(db, "list_devices", {}, callerOf(memberA));
    expect(page.items.map((d) => [d.name, d.online])).toEqual([
      ["A phone", true],
      ["A tablet", false],
    ]);
    expect(page).toMatchObject({ truncated: false, next_cursor: null });
    expect((await run<Page>(db, "list_devices", { online: true }, callerOf(memberA))).items.map((d) => d.name)).toEqual(
      ["A phone"],
    );
  });

  it("an admin sees the fleet, page by page", async () => {
    const first = await run<Page>(db, "list_devices", { limit: 2 }, callerOf(admin));
    expect(first.items).toHaveLength(2);
    expect(first.truncated).toBe(true);
    const second = await run<Page>(db, "list_devices", { limit: 2, cursor: first.next_cursor }, callerOf(admin));
    expect(second.items.map((d) => d.name)).toEqual(["B phone"]);
    expect(second.truncated).toBe(false);
  });

  it("get_device shows detail for your own device and NOT_FOUND for another's", async () => {
    const detail = await run<{ name: string; last_capture_at: string | null; online: boolean }>(
      db,
      "get_device",
      { device_uuid: phoneA },
      callerOf(memberA),
    );
    expect(detail).toMatchObject({ name: "A phone", online: true });
    expect(detail.last_capture_at).not.toBeNull();
    await expectRefused(run(db, "get_device", { device_uuid: phoneB }, callerOf(memberA)), "NOT_FOUND");
  });
});

describe("update_device", () => {
  it("renames your own device", async () => {
    const renamed = await run<{ name: string }>(
      db,
      "update_device",
      { device_uuid: tabletA, name: "A iPad" },
      callerOf(memberA),
    );
    expect(renamed.name).toBe("A iPad");
    expect(await name(tabletA)).toBe("A iPad");
  });

  it("member A cannot rename B's device, and nothing changes", async () => {
    await expectRefused(
      run(db, "update_device", { device_uuid: phoneB, name: "hijacked" }, callerOf(memberA)),
      "NOT_FOUND",
    );
    expect(await name(phoneB)).toBe("B phone");
  });

  it("an admin renames anyone's device; a view-only role cannot", async () => {
    await run(db, "update_device", { device_uuid: phoneB, name: "B phone (fleet)" }, callerOf(admin));
    expect(await name(phoneB)).toBe("B phone (fleet)");
    await expectRefused(run(db, "update_device", { device_uuid: phoneA, name: "x" }, callerOf(viewer)), "FORBIDDEN");
  });

  it("a read-only token cannot rename, and the database agrees", async () => {
    await expectRefused(
      run(db, "update_device", { device_uuid: phoneA, name: "x" }, callerOf(memberA, { write: false })),
      "INSUFFICIENT_SCOPE",
    );
    expect(await name(phoneA)).toBe("A phone");
  });
});

describe("pairing: add_device, create_pairing_code, revoke_device_credentials", () => {
  it("adds a device owned by the caller with a one-time code", async () => {
    const added = await run<{ device: { uuid: string; owner_user_id: string }; pairing: { code: string } }>(
      db,
      "add_device",
      { name: "CLI box", kind: "cli" },
      callerOf(memberA),
    );
    expect(added.device.owner_user_id).toBe(memberA.id);
    expect(added.pairing.code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    const again = await run<{ code: string }>(
      db,
      "create_pairing_code",
      { device_uuid: added.device.uuid },
      callerOf(memberA),
    );
    expect(again.code).not.toBe(added.pairing.code);
    const { rows } = await db.owner.query(
      "SELECT 1 FROM busymate_identity.device_pairing_codes WHERE device_uuid = $1 AND used_at IS NULL",
      [added.device.uuid],
    );
    expect(rows).toHaveLength(1);
  });

  it("cannot pair or revoke another person's device", async () => {
    await expectRefused(run(db, "create_pairing_code", { device_uuid: phoneB }, callerOf(memberA)), "NOT_FOUND");
    await expectRefused(run(db, "revoke_device_credentials", { device_uuid: phoneB }, callerOf(memberA)), "NOT_FOUND");
  });

  it("revokes the credentials of your own device", async () => {
    await db.owner.query(
      "INSERT INTO busymate_identity.device_credentials (device_uuid, secret_hash) VALUES ($1, '\\x01'), ($1, '\\x02')",
      [phoneA],
    );
    expect(await run(db, "revoke_device_credentials", { device_uuid: phoneA }, callerOf(memberA))).toEqual({
      device_uuid: phoneA,
      revoked: 2,
    });
    expect(await run(db, "revoke_device_credentials", { device_uuid: phoneA }, callerOf(memberA))).toEqual({
      device_uuid: phoneA,
      revoked: 0,
    });
  });
});

describe("delete_device", () => {
  it("member A cannot delete B's device", async () => {
    await expectRefused(run(db, "delete_device", { device_uuid: phoneB }, callerOf(memberA)), "NOT_FOUND");
    expect(await name(phoneB)).toBeDefined();
  });

  it("deletes your own device with its captures, audited", async () => {
    expect(await run(db, "delete_device", { device_uuid: phoneA }, callerOf(memberA))).toEqual({
      deleted: true,
      device_uuid: phoneA,
      name: "A phone",
    });
    expect(await name(phoneA)).toBeUndefined();
    expect((await db.owner.query("SELECT 1 FROM public.entries WHERE device_uuid = $1", [phoneA])).rows).toHaveLength(
      0,
    );
    const audit = await db.owner.query(
      "SELECT actor_user_id, client_id FROM public.audit_log WHERE target_table = 'devices' AND target_id = $1 AND action = 'delete'",
      [phoneA],
    );
    expect(audit.rows).toEqual([{ actor_user_id: memberA.id, client_id: "test-client" }]);
    await expectRefused(run(db, "delete_device", { device_uuid: phoneA }, callerOf(memberA)), "NOT_FOUND");
  });
});
