import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, samplePayload, type Person } from "@/lib/testing/db-fixtures";
import { schedule } from "@/lib/workers/schedule";
import { retention, type RetentionRun } from "@/lib/workers/retention";
import { callerOf, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

let db: OperationsDb;
let admin: Person;
let member: Person;
let phone: string;

type Retention = {
  retention_days: number | null;
  retention_max_bytes: number | null;
  updated_at: string | null;
  estimate: {
    partitions: { name: string; bytes: number; reason: string }[];
    freed_bytes: number;
    cutoff: string | null;
    default_rows: number;
    total_bytes: number;
  };
};

const WEEK = 7 * 86_400_000;
const weeksAgo = (n: number) => new Date(Date.now() - n * WEEK);

/** Captures as the owner writes them, `bodyBytes` of incompressible text each, at `ts`. */
async function captures(ts: Date, rows: number, bodyBytes = 0): Promise<void> {
  await db.owner.query(
    `INSERT INTO public.entries (ts, device_uuid, payload)
     SELECT $1, $2, $3::jsonb || jsonb_build_object('response', ($3::jsonb -> 'response') || jsonb_build_object('body', jsonb_build_object('text',
       (SELECT string_agg(md5(random()::text || g::text || s::text), '') FROM generate_series(1, ceil($5::numeric / 32)::int) s))))
     FROM generate_series(1, $4) g`,
    [ts, phone, JSON.stringify(samplePayload("https://api.example.com/retention")), rows, bodyBytes],
  );
}

const partitions = async () =>
  (
    await db.owner.query<{ name: string; bytes: string; is_default: boolean; range_end: Date | null }>(
      "SELECT name, bytes, is_default, range_end FROM busymate_private.entry_partitions() ORDER BY range_start NULLS FIRST",
    )
  ).rows;

const weekName = async (at: Date) =>
  (
    await db.owner.query<{ name: string }>(
      `SELECT 'entries_' || to_char(date_trunc('week', $1::timestamptz AT TIME ZONE 'UTC'), 'IYYY"w"IW') AS name`,
      [at],
    )
  ).rows[0].name;

/** One tick of the worker's job, as `npm start` runs it. */
async function enforce(): Promise<string[]> {
  const pool = new pg.Pool({ connectionString: db.postgres.url, max: 1 });
  const log: string[] = [];
  try {
    const running = schedule(
      pool,
      retention((line) => log.push(line), 3_600_000),
      (line) => log.push(line),
    );
    await running.stop();
  } finally {
    await pool.end();
  }
  return log;
}

const countWhere = async (sql: string, params: unknown[] = []) =>
  Number((await db.owner.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params)).rows[0].n);

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  member = await createPerson(db.owner, "member@example.com", "member");
  phone = await createDevice(db.owner, member, "Member's phone");
  // Captures from 2001 land in the default partition (no week of theirs exists), then weekly
  // partitions for ten weeks back, as a long-running install has them.
  await captures(new Date("2001-02-05T10:00:00Z"), 12);
  await db.owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '10 weeks', 9)");
  for (const n of [9, 6, 1]) await captures(weeksAgo(n), 3);
  await captures(new Date(), 3);
  await db.owner.query("SELECT busymate_private.stats_rollup()");
}, 120_000);
afterAll(async () => db?.stop());

describe("retention", () => {
  it("is unset on a fresh install and estimates nothing", async () => {
    const saved = await run<Retention>(db, "get_retention", {}, callerOf(member));
    expect(saved).toMatchObject({ retention_days: null, retention_max_bytes: null });
    expect(saved.estimate).toMatchObject({ partitions: [], freed_bytes: 0, cutoff: null, default_rows: 0 });
    expect(saved.estimate.total_bytes).toBeGreaterThan(0);
  });

  it("a member may not change it: the operation says why, and RLS refuses the row itself", async () => {
    const refused = await expectRefused(
      run(db, "update_retention", { retention_days: 1 }, callerOf(member)),
      "FORBIDDEN",
    );
    expect(refused.message).toContain("fleet scope");
    const updated = await withClaims(db.pool, member.claims, (client) =>
      client.query("UPDATE public.settings_global SET retention_days = 1 WHERE id = 1"),
    );
    expect(updated.rowCount).toBe(0);
    expect((await db.owner.query("SELECT retention_days FROM public.settings_global")).rows[0].retention_days).toBe(
      null,
    );
    // Bad values get a 400 naming the field, not a database error.
    const invalid = await expectRefused(
      run(db, "update_retention", { retention_days: 0 }, callerOf(admin)),
      "VALIDATION_FAILED",
    );
    expect(invalid.field).toBe("retention_days");
    await expectRefused(
      run(db, "update_retention", { retention_max_bytes: 1024 }, callerOf(admin)),
      "VALIDATION_FAILED",
    );
    await expectRefused(run(db, "update_retention", {}, callerOf(admin)), "VALIDATION_FAILED");
  });

  it("previews a setting before it is saved: the weeks older than the cutoff and the space they free", async () => {
    const preview = await run<Retention>(db, "get_retention", { preview_days: 28 }, callerOf(admin));
    expect(preview.retention_days).toBe(null);
    const names = preview.estimate.partitions.map((p) => p.name);
    // Ten weeks back to the week whose whole range is older than 28 days; never the last weeks.
    expect(names).toContain(await weekName(weeksAgo(9)));
    expect(names).toContain(await weekName(weeksAgo(6)));
    expect(names).not.toContain(await weekName(weeksAgo(1)));
    expect(names).not.toContain(await weekName(new Date()));
    const sizes = new Map((await partitions()).map((p) => [p.name, Number(p.bytes)]));
    expect(preview.estimate.freed_bytes).toBe(names.reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0));
    expect(preview.estimate.partitions.every((p) => p.reason === "days")).toBe(true);
    expect(preview.estimate.default_rows).toBe(12);
  });

  it("drops the old weeks' partitions, keeps the current ones, trims the default partition, and is audited", async () => {
    const before = await run<Retention>(db, "get_retention", {}, callerOf(admin));
    const doc = await run<{ global: { updated_at: string } }>(db, "get_settings", {}, callerOf(admin));
    const saved = await run<Retention>(
      db,
      "update_retention",
      { retention_days: 28, expected_updated_at: before.updated_at ?? undefined },
      callerOf(admin),
    );
    expect(saved.retention_days).toBe(28);
    expect(saved.updated_at).not.toBeNull();
    // The document's own version is untouched: an editor open on it is not made stale.
    const docAfter = await run<{ global: { updated_at: string } }>(db, "get_settings", {}, callerOf(admin));
    expect(docAfter.global.updated_at).toBe(doc.global.updated_at);
    await expectRefused(
      run(
        db,
        "update_retention",
        { retention_days: 7, expected_updated_at: before.updated_at ?? "2001-01-01T00:00:00Z" },
        callerOf(admin),
      ),
      "CONFLICT",
    );
    const going = saved.estimate.partitions.map((p) => p.name);
    const settingsAudit = await db.owner.query(
      "SELECT actor_user_id, before, after FROM public.audit_log WHERE target_table = 'settings_global' ORDER BY id DESC LIMIT 1",
    );
    expect(settingsAudit.rows[0]).toMatchObject({
      actor_user_id: admin.id,
      before: { retention_days: null },
      after: { retention_days: 28 },
    });

    const log = await enforce();
    expect(log.join("\n")).toMatch(/retention: dropped .*trimmed 12 older captures/);
    const left = (await partitions()).map((p) => p.name);
    for (const name of going) expect(left).not.toContain(name);
    expect(left).toContain(await weekName(weeksAgo(1)));
    expect(left).toContain(await weekName(new Date()));
    expect(left).toContain("entries_default");
    expect(await countWhere("busymate_partitions.entries_default")).toBe(0);
    expect(await countWhere("public.entries WHERE ts < now() - interval '28 days'")).toBe(0);
    expect(await countWhere("public.entries")).toBe(6);
    const run1 = await db.owner.query<{ after: RetentionRun }>(
      "SELECT after FROM public.audit_log WHERE action = 'retention' ORDER BY id DESC LIMIT 1",
    );
    expect(run1.rows[0].after.dropped.map((d) => d.name).sort()).toEqual([...going].sort());
    expect(run1.rows[0].after.trimmed_rows).toBe(12);

    // A second run has nothing to do and writes nothing.
    expect(await enforce()).toEqual([]);
    expect(await countWhere("public.audit_log WHERE action = 'retention'")).toBe(1);
  });

  it("the feed's queries still work after a drop, and new captures still land", async () => {
    const page = await run<{ items: { host: string }[] }>(db, "search_entries", { limit: 50 }, callerOf(member));
    expect(page.items).toHaveLength(6);
    const counted = await run<{ count: number }>(db, "count_entries", {}, callerOf(member));
    expect(counted.count).toBe(6);
    await withClaims(db.pool, { role: "device", sub: phone, device_uuid: phone }, (client) =>
      client.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        phone,
        samplePayload("https://api.example.com/after-drop"),
      ]),
    );
    const after = await run<{ items: { path: string }[] }>(db, "search_entries", { limit: 1 }, callerOf(member));
    expect(after.items[0].path).toBe("/after-drop");
    // A capture for a dropped week goes to the default partition and is trimmed by the next run.
    await captures(weeksAgo(9), 2);
    expect(await countWhere("busymate_partitions.entries_default")).toBe(2);
    await enforce();
    expect(await countWhere("busymate_partitions.entries_default")).toBe(0);
  });

  it("trims the default partition in bounded batches", async () => {
    await captures(new Date("2001-03-05T10:00:00Z"), 23);
    const first = await db.owner.query<{ r: RetentionRun }>("SELECT busymate_private.enforce_retention(5, 2) AS r");
    expect(first.rows[0].r.trimmed_rows).toBe(10);
    expect(await countWhere("busymate_partitions.entries_default")).toBe(13);
    await db.owner.query("SELECT busymate_private.enforce_retention(5, 2)");
    await db.owner.query("SELECT busymate_private.enforce_retention(5, 2)");
    expect(await countWhere("busymate_partitions.entries_default")).toBe(0);
  });

  it("a size cap drops the oldest weeks until the rest fits, and never the current week", async () => {
    await run(db, "update_retention", { retention_days: null }, callerOf(admin));
    // Two past weeks of ~10 MB each and a little now: a 16 MiB cap lets only the newer one stay.
    await db.owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '5 weeks', 5)");
    await captures(weeksAgo(4), 20, 500_000);
    await captures(weeksAgo(3), 20, 500_000);
    const sizes = new Map((await partitions()).map((p) => [p.name, Number(p.bytes)]));
    const older = await weekName(weeksAgo(4));
    const newer = await weekName(weeksAgo(3));
    expect(sizes.get(older)).toBeGreaterThan(8 * 1024 * 1024);
    expect(sizes.get(newer)).toBeGreaterThan(8 * 1024 * 1024);
    const cap = 16 * 1024 * 1024;
    const preview = await run<Retention>(db, "get_retention", { preview_max_bytes: cap }, callerOf(admin));
    expect(preview.estimate.partitions.map((p) => p.name)).toContain(older);
    expect(preview.estimate.partitions.every((p) => p.reason === "size")).toBe(true);
    // Dropping `older` brings the total under the cap, so `newer` is not on the list.
    expect(preview.estimate.partitions.map((p) => p.name)).not.toContain(newer);
    expect(preview.estimate.total_bytes - preview.estimate.freed_bytes).toBeLessThanOrEqual(cap);

    await run(db, "update_retention", { retention_max_bytes: cap }, callerOf(admin));
    await enforce();
    const left = (await partitions()).map((p) => p.name);
    expect(left).not.toContain(older);
    expect(left).toContain(newer);
    expect(left).toContain(await weekName(new Date()));
    const total = (await partitions()).reduce((sum, p) => sum + Number(p.bytes), 0);
    expect(total).toBeLessThanOrEqual(cap);

    // A cap smaller than this week's captures drops every past week but keeps this one.
    await captures(new Date(), 40, 500_000);
    await enforce();
    const now = (await partitions()).filter((p) => !p.is_default && p.range_end && p.range_end <= new Date());
    expect(now.map((p) => p.name)).toEqual([]);
    expect(await countWhere("public.entries WHERE ts > now() - interval '1 hour'")).toBeGreaterThanOrEqual(40);
  });

  it("gives up a drop after a short lock wait instead of stalling inserts behind it, and drops it next time", async () => {
    await run(db, "update_retention", { retention_days: 28, retention_max_bytes: null }, callerOf(admin));
    await db.owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '9 weeks', 1)");
    await captures(weeksAgo(9), 2);
    const old = await weekName(weeksAgo(9));
    // A long read on entries holds a lock the DETACH must wait for.
    const holder = await db.owner.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT count(*) FROM public.entries");
      const log = await enforce();
      expect(log.join("\n")).toMatch(/worker retention failed: .*lock timeout/);
      expect((await partitions()).map((p) => p.name)).toContain(old);
      expect(await countWhere(`busymate_partitions.${old}`)).toBe(2);
    } finally {
      await holder.query("ROLLBACK");
      holder.release();
    }
    await enforce();
    expect((await partitions()).map((p) => p.name)).not.toContain(old);
  });

  it("keeps the stats rollup's all-time total in step with what was dropped", async () => {
    await db.owner.query("SELECT busymate_private.stats_rollup()");
    const total = Number(
      (await db.owner.query("SELECT total_entries FROM busymate_private.stats_rollup_state")).rows[0].total_entries,
    );
    expect(total).toBe(await countWhere("public.entries"));
  });
});
