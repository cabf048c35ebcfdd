import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

/** 0018: every person-made write is audited by the database, whatever surface made it. */

let db: OperationsDb;
let admin: Person;
let member: Person;
let device: string;

interface AuditItem {
  actor_user_id: string | null;
  actor_role: string | null;
  client_id: string | null;
  action: string;
  target_table: string;
  target_id: string;
  changed: string[];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

const audit = (input: Record<string, unknown>) =>
  run<{ items: AuditItem[]; next_cursor: string | null }>(
    db,
    "get_audit_log",
    { include_rows: true, ...input },
    callerOf(admin),
  );

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  member = await createPerson(db.owner, "member@example.com", "member");
  device = await createDevice(db.owner, member, "Phone");
});
afterAll(async () => db?.stop());

describe("audit of every write", () => {
  it("a member's rename as REST runs it (their claims, plain SQL) is audited with actor, client and before/after", async () => {
    await withClaims(db.pool, { ...member.claims, client_id: "rest-client" }, (client) =>
      client.query("UPDATE public.devices SET name = 'Renamed over REST' WHERE uuid = $1", [device]),
    );
    const { items } = await audit({ target_table: "devices", actor_user_id: member.id });
    expect(items[0]).toMatchObject({
      actor_user_id: member.id,
      actor_role: "authenticated",
      client_id: "rest-client",
      action: "update",
      target_id: device,
      before: expect.objectContaining({ name: "Phone" }),
      after: expect.objectContaining({ name: "Renamed over REST" }),
    });
    expect(items[0].changed).toContain("name");
  });

  it("a rename through the operation (MCP, dashboard) is audited with the OAuth client", async () => {
    await run(
      db,
      "update_device",
      { device_uuid: device, name: "Renamed by MCP" },
      callerOf(member, { clientId: "claude-code" }),
    );
    const { items } = await audit({ target_table: "devices" });
    expect(items[0]).toMatchObject({ actor_user_id: member.id, client_id: "claude-code", action: "update" });
    expect(items[0].after).toMatchObject({ name: "Renamed by MCP" });
  });

  it("tags, workspaces and device settings are audited; composite keys name both ids", async () => {
    const tag = await run<{ id: string }>(db, "create_tag", { name: "flaky" }, callerOf(member));
    const { items: tags } = await audit({ target_table: "tags" });
    expect(tags[0]).toMatchObject({ action: "insert", target_id: tag.id, actor_user_id: member.id });
    const [workspace] = (
      await db.owner.query<{ id: string }>(
        "INSERT INTO public.workspaces (name, owner_user_id) VALUES ('W', $1) RETURNING id",
        [member.id],
      )
    ).rows;
    await db.owner.query("INSERT INTO public.workspace_devices (workspace_id, device_uuid) VALUES ($1, $2)", [
      workspace.id,
      device,
    ]);
    const { items: links } = await audit({ target_table: "workspace_devices" });
    expect(links[0]).toMatchObject({ target_id: `${workspace.id}:${device}`, actor_user_id: null });
  });

  it("secret-looking values are redacted and bodies omitted", async () => {
    await run(
      db,
      "update_device_settings",
      { device_uuid: device, env: { API_TOKEN: "abc123secretvalue", BASE_URL: "https://api.example.com" } },
      callerOf(member),
    );
    const { items } = await audit({ target_table: "settings_device" });
    const text = JSON.stringify(items[0].after);
    expect(text).not.toContain("abc123secretvalue");
    expect(text).toContain("[redacted]");
    expect(text).toContain("https://api.example.com");
    const [redacted] = (
      await db.owner.query<{ doc: unknown }>(
        `SELECT busymate_private.audit_redact('{"held": {"request": {"body": "x"}}, "note": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig", "ok": [1, "two"]}') AS doc`,
      )
    ).rows;
    expect(redacted.doc).toEqual({ held: { omitted: 26 }, note: "[redacted]", ok: [1, "two"] });
  });

  it("captures and heartbeats are not audited (ingest stays fast)", async () => {
    await db.owner.query("INSERT INTO public.device_status (device_uuid, last_heartbeat_at) VALUES ($1, now())", [
      device,
    ]);
    const { rows } = await db.owner.query<{ n: string }>(
      "SELECT count(*) AS n FROM public.audit_log WHERE target_table IN ('entries', 'device_status')",
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it("a member cannot read the audit log, over the operation or over REST", async () => {
    await expectRefused(run(db, "get_audit_log", {}, callerOf(member)), "FORBIDDEN");
    const rows = await withClaims(
      db.pool,
      member.claims,
      async (client) => (await client.query("SELECT * FROM public.audit_log")).rows,
    );
    expect(rows).toEqual([]);
  });

  it("filters by time and pages by keyset", async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await audit({ since: future })).items).toEqual([]);
    const first = await audit({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await audit({ limit: 2, cursor: first.next_cursor });
    expect(second.items[0]).not.toEqual(first.items[0]);
    await expectRefused(audit({ since: "yesterday" }), "VALIDATION_FAILED", "since");
  });
});
