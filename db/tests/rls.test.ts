import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import {
  anonClaims,
  completeEntry,
  count,
  createDevice,
  createPerson,
  deviceClaims,
  insertEntries,
  type Person,
} from "@/lib/testing/db-fixtures";
import { startTempPostgres, type TempPostgres } from "@/lib/testing/temp-postgres";

/**
 * The row-level security matrix, as the real database roles: an admin, members A and B,
 * a person whose role has no capabilities, anon, and a device.
 */

let db: TempPostgres;
let owner: pg.Pool;
let admin: Person, memberA: Person, memberB: Person, noCaps: Person;
let deviceA: string, deviceB: string;
let workspaceA: string, workspaceB: string;
let groupA: string, groupB: string;

const as = <T>(claims: Claims, work: (client: pg.PoolClient) => Promise<T>) => withClaims(owner, claims, work);
const rows = async (claims: Claims, sql: string, params: unknown[] = []) => count(owner, claims, sql, params);

beforeAll(async () => {
  db = await startTempPostgres();
  owner = new pg.Pool({ connectionString: db.url, max: 4 });
  admin = await createPerson(owner, "admin@example.com");
  memberA = await createPerson(owner, "a@example.com");
  memberB = await createPerson(owner, "b@example.com");
  await owner.query("INSERT INTO public.roles (slug, name, scope) VALUES ('nothing', 'No capabilities', 'own')");
  noCaps = await createPerson(owner, "nocaps@example.com", "nothing");
  deviceA = await createDevice(owner, memberA, "A's iPhone");
  deviceB = await createDevice(owner, memberB, "B's iPad");
  await insertEntries(owner, deviceA, [
    "https://api.a.example/one",
    "https://api.a.example/two",
    "https://api.a.example/three",
  ]);
  await insertEntries(owner, deviceB, ["https://api.b.example/one", "https://api.b.example/two"]);
  workspaceA = (
    await owner.query("INSERT INTO public.workspaces (name, owner_user_id) VALUES ('A', $1) RETURNING id", [memberA.id])
  ).rows[0].id;
  workspaceB = (
    await owner.query("INSERT INTO public.workspaces (name, owner_user_id) VALUES ('B', $1) RETURNING id", [memberB.id])
  ).rows[0].id;
  await owner.query("INSERT INTO public.workspace_devices VALUES ($1, $2), ($3, $4)", [
    workspaceA,
    deviceA,
    workspaceB,
    deviceB,
  ]);
  groupA = (
    await owner.query(
      "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('A', '{*.a.example}', $1) RETURNING id",
      [memberA.id],
    )
  ).rows[0].id;
  groupB = (
    await owner.query(
      "INSERT INTO public.service_groups (name, ssl_proxy_domains, owner_user_id) VALUES ('B', '{*.b.example}', $1) RETURNING id",
      [memberB.id],
    )
  ).rows[0].id;
  await owner.query("INSERT INTO public.settings_device (device_uuid, data) VALUES ($1, $2), ($3, '{}')", [
    deviceA,
    { service_group_ids: [groupA], env: { TOKEN: "a" } },
    deviceB,
  ]);
  await owner.query("INSERT INTO public.tags (name, owner_user_id) VALUES ('a-tag', $1), ('b-tag', $2)", [
    memberA.id,
    memberB.id,
  ]);
});

afterAll(async () => {
  await owner?.end();
  await db?.stop();
});

describe("who sees which rows", () => {
  const tables = [
    // table, admin, A, B, no capabilities
    ["devices", 2, 1, 1, 0],
    ["device_status", 0, 0, 0, 0],
    ["entries", 5, 3, 2, 0],
    ["workspaces", 2, 1, 1, 0],
    ["workspace_devices", 2, 1, 1, 0],
    ["service_groups", 2, 1, 1, 0],
    ["settings_device", 2, 1, 1, 0],
    ["tags", 2, 1, 1, 0],
    ["settings_global", 1, 1, 1, 0],
    ["service_stats", 1, 1, 1, 0],
    ["service_status", 1, 0, 0, 0],
  ] as const;

  it.each(tables)(
    "%s: admin %i, member A %i, member B %i, no capabilities %i",
    async (table, adminRows, aRows, bRows, noneRows) => {
      const sql = `SELECT * FROM public.${table}`;
      expect([
        await rows(admin.claims, sql),
        await rows(memberA.claims, sql),
        await rows(memberB.claims, sql),
        await rows(noCaps.claims, sql),
      ]).toEqual([adminRows, aRows, bRows, noneRows]);
    },
  );

  it("anon can read none of it: every table is refused outright", async () => {
    for (const [table] of tables) {
      await expect(rows(anonClaims, `SELECT * FROM public.${table}`)).rejects.toThrow(/permission denied/);
    }
  });

  it("a device sees only itself, and cannot read captures at all", async () => {
    expect(await rows(deviceClaims(deviceA), "SELECT * FROM public.devices")).toBe(1);
    expect(await rows(deviceClaims(deviceA), "SELECT * FROM public.devices WHERE uuid = $1", [deviceB])).toBe(0);
    await expect(rows(deviceClaims(deviceA), "SELECT * FROM public.entries")).rejects.toThrow(/permission denied/);
  });

  it("no partition of entries is readable directly, by anyone but the owner", async () => {
    const { rows: parts } = await owner.query<{ name: string }>(
      "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'public.entries'::regclass",
    );
    expect(parts.length).toBeGreaterThan(1);
    for (const claims of [memberA.claims, admin.claims, deviceClaims(deviceA), anonClaims]) {
      for (const { name } of parts) {
        await expect(rows(claims, `SELECT * FROM busymate_partitions.${name}`)).rejects.toThrow(/permission denied/);
      }
    }
  });
});

describe("writes outside one's scope fail", () => {
  it("member A cannot rename, delete or create B's devices", async () => {
    expect(await rows(memberA.claims, "UPDATE public.devices SET name = 'mine' WHERE uuid = $1", [deviceB])).toBe(0);
    expect(await rows(memberA.claims, "DELETE FROM public.devices WHERE uuid = $1", [deviceB])).toBe(0);
    await expect(
      rows(memberA.claims, "INSERT INTO public.devices (name, owner_user_id) VALUES ('x', $1)", [memberB.id]),
    ).rejects.toThrow(/row-level security/);
    expect((await owner.query("SELECT name FROM public.devices WHERE uuid = $1", [deviceB])).rows[0].name).toBe(
      "B's iPad",
    );
  });

  it("member A can rename their own device", async () => {
    expect(await rows(memberA.claims, "UPDATE public.devices SET name = 'A phone' WHERE uuid = $1", [deviceA])).toBe(1);
  });

  it("member A cannot delete B's captures or pull B's device into A's workspace", async () => {
    expect(await rows(memberA.claims, "DELETE FROM public.entries WHERE device_uuid = $1", [deviceB])).toBe(0);
    await expect(
      rows(memberA.claims, "INSERT INTO public.workspace_devices VALUES ($1, $2)", [workspaceA, deviceB]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      rows(memberA.claims, "INSERT INTO public.workspace_devices VALUES ($1, $2)", [workspaceB, deviceA]),
    ).rejects.toThrow(/row-level security/);
  });

  it("member A cannot tag B's capture, nor change B's service group or settings", async () => {
    const {
      rows: [bEntry],
    } = await owner.query("SELECT id FROM public.entries WHERE device_uuid = $1 LIMIT 1", [deviceB]);
    const {
      rows: [aTag],
    } = await owner.query("SELECT id FROM public.tags WHERE owner_user_id = $1", [memberA.id]);
    await expect(
      rows(memberA.claims, "INSERT INTO public.entry_tags (entry_id, tag_id) VALUES ($1, $2)", [bEntry.id, aTag.id]),
    ).rejects.toThrow(/row-level security/);
    expect(await rows(memberA.claims, "UPDATE public.service_groups SET name = 'x' WHERE id = $1", [groupB])).toBe(0);
    expect(
      await rows(memberA.claims, "UPDATE public.settings_device SET data = '{}' WHERE device_uuid = $1", [deviceB]),
    ).toBe(0);
  });

  it("global settings need fleet scope to change", async () => {
    expect(await rows(memberA.claims, "UPDATE public.settings_global SET data = '{\"env\":{}}'")).toBe(0);
    expect(await rows(admin.claims, 'UPDATE public.settings_global SET data = \'{"env":{"FLEET":"1"}}\'')).toBe(1);
  });

  it("a device writes captures and heartbeats only for itself", async () => {
    await expect(insertEntries(owner, deviceA, [])).resolves.toBeUndefined();
    await expect(
      as(deviceClaims(deviceA), (c) =>
        c.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
          deviceB,
          completeEntry({
            source: "vpn",
            request: { method: "GET", url: "https://x.example/" },
            response: { status: 200 },
          }),
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
    await as(deviceClaims(deviceA), (c) =>
      c.query("INSERT INTO public.device_status (device_uuid, vpn_state, source) VALUES ($1, 'connected', 'vpn')", [
        deviceA,
      ]),
    );
    await expect(
      as(deviceClaims(deviceA), (c) =>
        c.query("INSERT INTO public.device_status (device_uuid) VALUES ($1)", [deviceB]),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await rows(memberA.claims, "SELECT * FROM public.device_status d WHERE public.online(d)")).toBe(1);
    expect(await rows(memberB.claims, "SELECT * FROM public.device_status")).toBe(0);
  });
});

describe("effective settings", () => {
  const call = (claims: Claims, target: string) =>
    as(
      claims,
      async (c) => (await c.query("SELECT public.effective_settings_for_device($1) AS s", [target])).rows[0].s,
    );

  it("merge global and device settings and expand the device's service groups", async () => {
    const settings = await call(deviceClaims(deviceA), deviceA);
    expect(settings).toMatchObject({ device_uuid: deviceA, env: { TOKEN: "a" }, ssl_proxy_domains: ["*.a.example"] });
  });

  it("are refused for another device, to a device and to a member", async () => {
    await expect(call(deviceClaims(deviceA), deviceB)).rejects.toThrow("A device may only read its own settings.");
    await expect(call(memberA.claims, deviceB)).rejects.toThrow(/No device .* in your scope/);
    await expect(call(admin.claims, deviceB)).resolves.toMatchObject({ device_uuid: deviceB });
  });

  it("expand_service_groups returns only groups in the caller's scope", async () => {
    const expand = (claims: Claims) =>
      as(
        claims,
        async (c) => (await c.query("SELECT public.expand_service_groups($1) AS d", [[groupA, groupB]])).rows[0].d,
      );
    expect(await expand(memberA.claims)).toEqual(["*.a.example"]);
    expect(await expand(admin.claims)).toEqual(["*.a.example", "*.b.example"]);
  });
});

describe("breakpoints resume once", () => {
  it("the owner resumes a held request once; others cannot at all", async () => {
    await as(deviceClaims(deviceA), (c) =>
      c.query(
        "INSERT INTO public.breakpoint_events (device_uuid, pattern, held) VALUES ($1, '*/login', '{\"request\":{}}')",
        [deviceA],
      ),
    );
    const {
      rows: [event],
    } = await owner.query("SELECT id FROM public.breakpoint_events WHERE device_uuid = $1", [deviceA]);
    const resume = (claims: Claims) =>
      as(claims, (c) => c.query("SELECT * FROM public.resume_breakpoint($1)", [event.id]));
    await expect(resume(memberB.claims)).rejects.toThrow(/No breakpoint event/);
    const first = await resume(memberA.claims);
    expect(first.rows[0].resolution).toEqual({ action: "continue" });
    await expect(resume(memberA.claims)).rejects.toThrow(/already resumed/);
    const sent = await owner.query("SELECT event FROM realtime.messages WHERE topic = $1", [`device:${deviceA}`]);
    expect(sent.rows.map((row) => row.event)).toContain("breakpoint_resumed");
  });
});

describe("stats and capabilities", () => {
  it("get_stats answers with the documented shape, and refuses a role without stats:view", async () => {
    const stats = await as(memberA.claims, async (c) => (await c.query("SELECT public.get_stats() AS s")).rows[0].s);
    expect(Object.keys(stats).sort()).toEqual([
      "connection_type_mix",
      "entries_1h",
      "entries_24h",
      "generated_at",
      "online_devices",
      "requests_per_sec",
      "source_mix",
      "status_class_mix",
      "top_devices",
      "top_domains",
      "total_devices",
      "total_entries",
    ]);
    await expect(as(noCaps.claims, (c) => c.query("SELECT public.get_stats()"))).rejects.toThrow("stats:view");
  });

  it("a capability granted to a role applies at once, and the change is audited", async () => {
    expect(await rows(noCaps.claims, "SELECT * FROM public.devices")).toBe(0);
    await as(admin.claims, (c) =>
      c.query(
        "INSERT INTO public.role_capabilities (role_id, section, action) SELECT id, 'devices', 'view' FROM public.roles WHERE slug = 'nothing'",
      ),
    );
    // Own scope: the new capability shows this person their own devices (they have none).
    expect(await rows(noCaps.claims, "SELECT * FROM public.devices")).toBe(0);
    await as(admin.claims, (c) => c.query("UPDATE public.roles SET scope = 'fleet' WHERE slug = 'nothing'"));
    expect(await rows(noCaps.claims, "SELECT * FROM public.devices")).toBe(2);
    const audit = await owner.query(
      "SELECT actor_user_id, action, target_table FROM public.audit_log WHERE target_table IN ('role_capabilities', 'roles') AND actor_user_id = $1",
      [admin.id],
    );
    expect(audit.rows).toEqual(
      expect.arrayContaining([
        { actor_user_id: admin.id, action: "insert", target_table: "role_capabilities" },
        { actor_user_id: admin.id, action: "update", target_table: "roles" },
      ]),
    );
  });

  it("a member cannot change roles or grant themselves capabilities", async () => {
    await expect(
      as(memberA.claims, (c) =>
        c.query(
          "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'admin') WHERE user_id = $1",
          [memberA.id],
        ),
      ),
    ).resolves.toMatchObject({ rowCount: 0 });
    await expect(
      as(memberA.claims, (c) =>
        c.query(
          "INSERT INTO public.role_capabilities (role_id, section, action) SELECT id, 'users', 'edit' FROM public.roles WHERE slug = 'member'",
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it("the last admin cannot be demoted, and the admin role cannot be edited or deleted", async () => {
    await expect(
      as(admin.claims, (c) =>
        c.query(
          "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'member') WHERE user_id = $1",
          [admin.id],
        ),
      ),
    ).rejects.toThrow("The last admin cannot be demoted or removed.");
    await expect(as(admin.claims, (c) => c.query("DELETE FROM public.roles WHERE slug = 'admin'"))).rejects.toThrow(
      /cannot be deleted/,
    );
    await expect(
      as(admin.claims, (c) => c.query("UPDATE public.roles SET scope = 'own' WHERE slug = 'admin'")),
    ).rejects.toThrow(/cannot be edited/);
    await expect(
      as(admin.claims, (c) =>
        c.query(
          "DELETE FROM public.role_capabilities WHERE role_id = (SELECT id FROM public.roles WHERE slug = 'admin')",
        ),
      ),
    ).rejects.toThrow(/every capability/);
    // With a second admin, the first can step down.
    await as(admin.claims, (c) =>
      c.query(
        "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'admin') WHERE user_id = $1",
        [memberB.id],
      ),
    );
    await as(admin.claims, (c) =>
      c.query(
        "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'admin') WHERE user_id = $1",
        [memberB.id],
      ),
    );
    await expect(
      as(memberB.claims, (c) =>
        c.query(
          "UPDATE public.user_roles SET role_id = (SELECT id FROM public.roles WHERE slug = 'member') WHERE user_id = $1",
          [admin.id],
        ),
      ),
    ).resolves.toMatchObject({ rowCount: 1 });
  });
});

describe("private realtime topics", () => {
  async function canJoin(claims: Claims, topic: string): Promise<boolean> {
    // As Realtime does: a probe row, then a read under the joiner's claims and topic.
    return withClaims(owner, { role: "service_role" }, async () => true).then(async () => {
      const client = await owner.connect();
      try {
        await client.query("BEGIN");
        await client.query("INSERT INTO realtime.messages (topic, extension, private) VALUES ($1, 'broadcast', true)", [
          topic,
        ]);
        await client.query(
          "SELECT set_config('request.jwt.claims', $1, true), set_config('realtime.topic', $2, true)",
          [JSON.stringify(claims), topic],
        );
        await client.query(`SET LOCAL ROLE ${claims.role}`);
        const { rowCount } = await client.query("SELECT 1 FROM realtime.messages WHERE topic = $1", [topic]);
        return (rowCount ?? 0) > 0;
      } finally {
        await client.query("ROLLBACK");
        client.release();
      }
    });
  }

  it("a member joins their own workspace and device topics, not another's", async () => {
    expect(await canJoin(memberA.claims, `ws:${workspaceA}`)).toBe(true);
    expect(await canJoin(memberA.claims, `ws:${workspaceB}`)).toBe(false);
    expect(await canJoin(memberA.claims, `device:${deviceA}`)).toBe(true);
    expect(await canJoin(memberA.claims, `device:${deviceB}`)).toBe(false);
    expect(await canJoin(noCaps.claims, `ws:${workspaceA}`)).toBe(false);
  });

  it("owner:<uid> (0012): a member joins their own, not another's; the fleet joins anyone's with entries:view", async () => {
    // People of its own: earlier tests in this file change who is admin and what "nothing" grants.
    const fleet = await createPerson(owner, "owner-topic-admin@example.com", "admin");
    const one = await createPerson(owner, "owner-topic-1@example.com", "member");
    const two = await createPerson(owner, "owner-topic-2@example.com", "member");
    await owner.query(
      "INSERT INTO public.roles (slug, name, scope) VALUES ('fleet-devices-only', 'Fleet devices only', 'fleet')",
    );
    await owner.query(
      "INSERT INTO public.role_capabilities (role_id, section, action) SELECT id, 'devices', 'view' FROM public.roles WHERE slug = 'fleet-devices-only'",
    );
    const devicesOnly = await createPerson(owner, "owner-topic-devices@example.com", "fleet-devices-only");

    expect(await canJoin(one.claims, `owner:${one.id}`)).toBe(true);
    expect(await canJoin(one.claims, `owner:${two.id}`)).toBe(false);
    expect(await canJoin(fleet.claims, `owner:${one.id}`)).toBe(true);
    expect(await canJoin(devicesOnly.claims, `owner:${one.id}`)).toBe(false);
    expect(await canJoin(deviceClaims(deviceA), `owner:${memberA.id}`)).toBe(false);
    // No owner id is not "everyone's" for the fleet: the cast fails, which Realtime treats as a refusal.
    await expect(canJoin(fleet.claims, "owner:")).rejects.toThrow(/invalid input syntax for type uuid/);
    // The new policy opens nothing else.
    expect(await canJoin(one.claims, `ws:${workspaceB}`)).toBe(false);
    expect(await canJoin(one.claims, "owner")).toBe(false);
  });

  it("a device joins only its own control topic", async () => {
    expect(await canJoin(deviceClaims(deviceA), `device:${deviceA}`)).toBe(true);
    expect(await canJoin(deviceClaims(deviceA), `device:${deviceB}`)).toBe(false);
  });

  it("a new capture is broadcast to its device's owner and the workspaces the device belongs to, without bodies", async () => {
    await insertEntries(owner, deviceB, ["https://api.b.example/live"]);
    const { rows: sent } = await owner.query(
      "SELECT topic, event, payload FROM realtime.messages WHERE event = 'entry' AND payload->>'path' = '/live' ORDER BY topic",
    );
    expect(sent.map((m) => m.topic)).toEqual([`owner:${memberB.id}`, `ws:${workspaceB}`]);
    for (const message of sent) {
      expect(message.payload).toMatchObject({
        host: "api.b.example",
        method: "GET",
        status: 200,
        device_uuid: deviceB,
      });
      expect(message.payload).not.toHaveProperty("payload");
    }
  });
});

describe("policies cost once per statement", () => {
  it("no policy calls the per-row scope functions on a column (0013 turned them into InitPlans)", async () => {
    const { rows } = await owner.query<{ policy: string }>(
      `SELECT tablename || '.' || policyname AS policy FROM pg_policies
       WHERE coalesce(qual, '') || ' ' || coalesce(with_check, '') ~ '(owns_or_fleet|device_in_scope)\\([a-z_.]+\\)'`,
    );
    expect(rows.map((row) => row.policy)).toEqual([]);
    const plan = await as(memberA.claims, async (client) =>
      (await client.query("EXPLAIN SELECT uuid FROM public.devices")).rows.map((row) => row["QUERY PLAN"]).join("\n"),
    );
    expect(plan).toContain("InitPlan");
    expect(plan).not.toMatch(/owns_or_fleet/);
  });
});
