import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createPerson, type Person } from "@/lib/testing/db-fixtures";
import { availableOperations, OPERATIONS } from "./index";
import { callerOf, createRoleWith, expectRefused, run, startOperationsDb, type OperationsDb } from "./testing";
import { SECTIONS, type AnyOperation, type Capability } from "./types";

/**
 * What must hold for every operation in the registry: well described, schemas that become
 * JSON Schema, refused for a role without its capability, refused on a read-only token when
 * it writes, and validation errors that name the field.
 */

let db: OperationsDb;
let admin: Person;
const everyCapability = SECTIONS.flatMap((section) => [`${section}:view`, `${section}:edit`]);

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
});
afterAll(async () => db?.stop());

describe("every operation's definition", () => {
  // Writes to the caller's own account only (their Telegram link and what it tells them): any
  // signed-in person may make them, whatever their role; RLS keeps them to their own rows.
  const SELF_SERVICE = new Set(["start_telegram_link", "unlink_telegram", "update_notification_preferences"]);

  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    "%s is described, annotated and convertible to JSON Schema",
    (_name, op: AnyOperation) => {
      expect(op.name).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(op.title.length).toBeGreaterThan(3);
      expect(op.description.length).toBeGreaterThan(40);
      expect(op.input.safeParse(op.example).success, `${op.name}'s example must be valid input`).toBe(true);
      expect(() => z.toJSONSchema(op.input, { io: "input" })).not.toThrow();
      expect(() => z.toJSONSchema(op.output, { io: "output" })).not.toThrow();
      if (op.readOnly) {
        expect(op.destructive).toBe(false);
        expect(op.capabilities.every((c: Capability) => c.action === "view")).toBe(true);
      } else if (SELF_SERVICE.has(op.name)) {
        expect(op.domain).toBe("account");
        expect(op.capabilities).toEqual([]);
      } else {
        expect(op.capabilities.some((c: Capability) => c.action === "edit")).toBe(true);
      }
    },
  );

  it("marks a write destructive exactly when it overwrites or removes existing data (MCP: destructiveHint false = additive only)", () => {
    // Name prefixes of writes that overwrite or remove; each must still name a real operation.
    const overwriting = [
      "update_",
      "delete_",
      "remove_",
      "unlink_",
      "revoke_",
      "set_",
      "unpin_",
      "untag_",
      "resume_",
      "reorder_",
      "assign_",
    ];
    // Additive-sounding names that are not: a new pairing code deletes the unused ones; relinking an
    // agent overwrites its position, and primary=true demotes the current primary.
    // A new Telegram link code replaces the person's previous one.
    const overwritingByEffect = ["create_pairing_code", "link_agent", "start_telegram_link"];
    const writes = OPERATIONS.filter((op) => !op.readOnly);
    for (const prefix of overwriting)
      expect(
        writes.some((op) => op.name.startsWith(prefix)),
        `no write starts with ${prefix}`,
      ).toBe(true);
    for (const op of writes) {
      const expected =
        overwriting.some((prefix) => op.name.startsWith(prefix)) || overwritingByEffect.includes(op.name);
      expect(op.destructive, `${op.name} destructive`).toBe(expected);
    }
    expect(
      writes
        .filter((op) => !op.destructive)
        .map((op) => op.name)
        .sort(),
    ).toEqual([
      "add_device",
      "add_tab",
      "create_agent",
      "create_role",
      "create_service_group",
      "create_tag",
      "create_user",
      "create_workspace",
      "pin_entry",
      "save_conversation_turn",
      "tag_entry",
    ]);
  });

  it("covers every dashboard read and write the issue lists", () => {
    const names = new Set<string>(OPERATIONS.map((op) => op.name));
    for (const expected of [
      "whoami",
      "get_stats",
      "get_status",
      "list_devices",
      "get_device",
      "search_entries",
      "count_entries",
      "get_entry",
      "list_workspaces",
      "get_workspace",
      "list_service_groups",
      "expand_service_groups",
      "list_agents",
      "get_agent",
      "list_tags",
      "get_settings",
      "list_breakpoints",
      "list_users",
      "list_roles",
      "get_audit_log",
      "update_device",
      "delete_device",
      "create_workspace",
      "update_workspace",
      "delete_workspace",
      "add_tab",
      "update_tab",
      "remove_tab",
      "reorder_tabs",
      "pin_entry",
      "unpin_entry",
      "create_service_group",
      "update_service_group",
      "delete_service_group",
      "link_agent",
      "unlink_agent",
      "set_primary_agent",
      "create_agent",
      "update_agent",
      "delete_agent",
      "create_tag",
      "create_user",
      "delete_tag",
      "tag_entry",
      "untag_entry",
      "update_global_settings",
      "update_device_settings",
      "resume_breakpoint",
      "assign_role",
      "create_role",
      "update_role",
      "delete_role",
      "add_device",
      "create_pairing_code",
      "revoke_device_credentials",
    ]) {
      expect(names.has(expected), expected).toBe(true);
    }
  });
});

describe("a read-only token", () => {
  const writes = OPERATIONS.filter((op) => !op.readOnly);
  it.each(writes.map((op) => [op.name, op] as const))(
    "cannot run %s, even as an admin",
    async (_name, op: AnyOperation) => {
      const refused = await expectRefused(
        run(db, op.name, op.example, callerOf(admin, { write: false })),
        "INSUFFICIENT_SCOPE",
      );
      expect(refused.message).toContain("read-only");
    },
  );
});

describe("a role lacking the capability", () => {
  const lacking = new Map<string, Person>();

  /** A person whose custom role has every capability but this one (edit removed, view kept). */
  async function personLacking(capability: Capability): Promise<Person> {
    const key = `${capability.section}_${capability.action}`;
    let person = lacking.get(key);
    if (!person) {
      const without = everyCapability.filter(
        (c) =>
          c !== `${capability.section}:edit` && (capability.action === "edit" || c !== `${capability.section}:view`),
      );
      await createRoleWith(db.owner, `lacks_${key}`, without, "fleet");
      person = await createPerson(db.owner, `lacks-${key}@example.com`, `lacks_${key}`);
      lacking.set(key, person);
    }
    return person;
  }

  const gated = OPERATIONS.filter((op) => op.capabilities.length > 0);
  it.each(gated.map((op) => [op.name, op] as const))(
    "is refused %s with FORBIDDEN naming the capability",
    async (_name, op: AnyOperation) => {
      for (const capability of op.capabilities as Capability[]) {
        const person = await personLacking(capability);
        const refused = await expectRefused(run(db, op.name, op.example, callerOf(person)), "FORBIDDEN");
        expect(refused.message).toContain(`${capability.section}:${capability.action}`);
      }
    },
  );
});

describe("input validation", () => {
  const required = (op: AnyOperation) =>
    Object.entries(op.input.shape as Record<string, z.ZodType>)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([key]) => key);

  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    "%s names the field at fault",
    async (_name, op: AnyOperation) => {
      const keys = required(op);
      if (keys.length > 0) {
        const refused = await expectRefused(run(db, op.name, {}, callerOf(admin)), "VALIDATION_FAILED");
        expect(keys).toContain(refused.field);
        expect(refused.message.startsWith(`${refused.field}:`)).toBe(true);
      }
      await expectRefused(
        run(db, op.name, { ...op.example, not_a_field: 1 }, callerOf(admin)),
        "VALIDATION_FAILED",
        "not_a_field",
      );
    },
  );

  it("names a malformed uuid and a number out of range", async () => {
    await expectRefused(
      run(db, "get_device", { device_uuid: "not-a-uuid" }, callerOf(admin)),
      "VALIDATION_FAILED",
      "device_uuid",
    );
    await expectRefused(run(db, "list_devices", { limit: 1000 }, callerOf(admin)), "VALIDATION_FAILED", "limit");
    await expectRefused(
      run(
        db,
        "create_service_group",
        { name: "x", ssl_proxy_domains: ["ok.example.com", "https://bad/"] },
        callerOf(admin),
      ),
      "VALIDATION_FAILED",
      "ssl_proxy_domains.1",
    );
    await expectRefused(
      run(db, "update_device", { device_uuid: admin.id }, callerOf(admin)),
      "VALIDATION_FAILED",
      "name",
    );
  });

  it("refuses a cursor made by another operation", async () => {
    const cursor = Buffer.from(JSON.stringify({ op: "list_tags", offset: 20 })).toString("base64url");
    await expectRefused(run(db, "list_devices", { cursor }, callerOf(admin)), "VALIDATION_FAILED", "cursor");
    await expectRefused(run(db, "list_devices", { cursor: "%%%" }, callerOf(admin)), "VALIDATION_FAILED", "cursor");
  });
});

describe("availableOperations (the tools a model is offered)", () => {
  it("follows the role in the database and the token's scope", async () => {
    const member = await createPerson(db.owner, "available@example.com", "member");
    const names = async (write: boolean) =>
      (await availableOperations(db.pool, callerOf(member, { write }))).map((op) => op.name);
    const readWrite = await names(true);
    expect(readWrite).toEqual(
      expect.arrayContaining(["whoami", "search_entries", "update_device", "create_workspace"]),
    );
    expect(readWrite).not.toContain("list_users");
    expect(readWrite).not.toContain("create_agent");
    const readOnly = await names(false);
    expect(readOnly).toContain("get_entry");
    expect(readOnly.every((name) => OPERATIONS.find((op) => op.name === name)!.readOnly)).toBe(true);
    await db.owner.query(
      "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'admin') WHERE user_id = $1",
      [member.id],
    );
    expect(await names(true)).toContain("list_users");
  });
});
