import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withClaims } from "@/lib/db/with-claims";
import { createDevice, createPerson, insertEntries, samplePayload, type Person } from "@/lib/testing/db-fixtures";
import { callerOf, createRoleWith, expectRefused, run, startOperationsDb, type OperationsDb } from "../testing";

/** 0018: the stats rollup the 60 s job keeps, status history and incidents, and who may read them. */

let db: OperationsDb;
let admin: Person;
let member: Person;
let outsider: Person;
let phone: string;
let laptop: string;

interface History {
  total: number;
  step_seconds: number;
  series: { key: string; label: string; counts: number[] }[];
}

const refresh = () => db.owner.query("SELECT public.refresh_service_stats()");
const snapshot = async () =>
  (await db.owner.query<{ snapshot: Record<string, unknown> }>("SELECT snapshot FROM public.service_stats")).rows[0]
    .snapshot;

beforeAll(async () => {
  db = await startOperationsDb();
  admin = await createPerson(db.owner, "admin@example.com");
  member = await createPerson(db.owner, "member@example.com", "member");
  await createRoleWith(db.owner, "nostats", ["devices:view"], "own");
  outsider = await createPerson(db.owner, "outsider@example.com", "nostats");
  phone = await createDevice(db.owner, member, "Phone");
  laptop = await createDevice(db.owner, admin, "Laptop");
});
afterAll(async () => db?.stop());

describe("stats rollup", () => {
  it("counts captures per minute per status class and device, and the snapshot matches a scan of entries", async () => {
    await insertEntries(db.pool, phone, ["https://api.example.com/a", "https://api.example.com/b"]);
    await insertEntries(db.pool, laptop, ["https://cdn.example.com/x"]);
    await withClaims(db.pool, { role: "device", sub: phone, device_uuid: phone }, (client) =>
      client.query(
        "INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now() - interval '3 hours', $1, $2)",
        [phone, samplePayload("https://api.example.com/old", { status: 503 })],
      ),
    );
    await refresh();
    const rolled = await snapshot();
    const { rows } = await db.owner.query<{ fresh: Record<string, unknown> }>(
      "SELECT busymate_private.compute_stats() AS fresh",
    );
    const { generated_at: _a, ...fromRollup } = rolled;
    const { generated_at: _b, ...fromScan } = rows[0].fresh;
    expect(fromRollup).toEqual(fromScan);
    expect(fromRollup).toMatchObject({
      total_entries: 4,
      entries_1h: 3,
      entries_24h: 4,
      status_class_mix: { 2: 3, 5: 1 },
    });

    const byClass = await run<History>(db, "get_stats_history", { window: "24h" }, callerOf(member));
    expect(byClass.step_seconds).toBe(300);
    expect(byClass.total).toBe(4);
    expect(byClass.series.map((s) => [s.label, s.counts.reduce((a, b) => a + b, 0)])).toEqual([
      ["2xx", 3],
      ["5xx", 1],
    ]);
    const lastHour = await run<History>(db, "get_stats_history", { window: "1h", by: "device" }, callerOf(admin));
    expect(lastHour.series.map((s) => [s.label, s.counts.at(-1)])).toEqual([
      ["Phone", 2],
      ["Laptop", 1],
    ]);
  });

  it("a refresh with nothing new changes nothing, and deleted captures leave the rollup", async () => {
    await refresh();
    expect(await snapshot()).toMatchObject({ total_entries: 4, entries_24h: 4 });
    await db.owner.query("DELETE FROM public.entries WHERE device_uuid = $1 AND ts > now() - interval '1 hour'", [
      phone,
    ]);
    await refresh();
    expect(await snapshot()).toMatchObject({ total_entries: 2, entries_1h: 1, entries_24h: 2 });
    // The per-series rows the readers use agree with the combination rows, dimension by dimension.
    const { rows: mismatches } = await db.owner.query(
      `WITH combos AS (
         SELECT h.grain, h.bucket, k.dim, k.key, sum(h.captures) AS n FROM public.stats_history h
         CROSS JOIN LATERAL (VALUES ('class', h.status_class::text), ('device', h.device_uuid::text), ('source', h.source)) k(dim, key)
         GROUP BY 1, 2, 3, 4
       )
       SELECT * FROM combos c FULL JOIN public.stats_series s USING (grain, bucket, dim, key)
       WHERE c.n IS DISTINCT FROM s.captures AND coalesce(c.n, 0) + coalesce(s.captures, 0) > 0`,
    );
    expect(mismatches).toEqual([]);
  });

  it("waits for an insert in flight rather than skipping it when it commits late", async () => {
    const before = Number((await snapshot()).total_entries);
    const writer = await db.pool.connect();
    try {
      await writer.query("BEGIN");
      await writer.query("SELECT set_config('request.jwt.claims', $1, true)", [
        JSON.stringify({ role: "device", sub: phone, device_uuid: phone }),
      ]);
      await writer.query("SET LOCAL ROLE device");
      await writer.query("INSERT INTO public.entries (ts, device_uuid, payload) VALUES (now(), $1, $2)", [
        phone,
        samplePayload("https://late.example.com/commit"),
      ]);
      // A capture after the open one: its id is past the late one's, and it commits first.
      await insertEntries(db.pool, phone, ["https://api.example.com/after"]);
      let settled = false;
      const refreshing = refresh().finally(() => (settled = true));
      // The job is waiting for the open writer (sleeping in its poll), not done without it.
      for (;;) {
        const { rows } = await db.owner.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%refresh_service_stats%'",
        );
        if (Number(rows[0].n) > 0) break;
        // Done without waiting: the late capture is lost, which the assertion below reports.
        if (settled) break;
      }
      await writer.query("COMMIT");
      await refreshing;
    } finally {
      writer.release();
    }
    expect(await snapshot()).toMatchObject({ total_entries: before + 2 });
  });

  it("keeps hours for a week and minutes for a day, and the week's chart reads the hours", async () => {
    const weekBefore = (await run<History>(db, "get_stats_history", { window: "7d", by: "total" }, callerOf(admin)))
      .total;
    await withClaims(db.pool, { role: "device", sub: phone, device_uuid: phone }, (client) =>
      client.query(
        "INSERT INTO public.entries (ts, device_uuid, payload) SELECT now() - interval '30 hours', $1, $2 FROM generate_series(1, 2)",
        [phone, samplePayload("https://api.example.com/yesterday")],
      ),
    );
    await db.owner.query(
      `INSERT INTO public.stats_history (grain, bucket, device_uuid, status_class, source, captures) VALUES
       ('minute', date_trunc('minute', now() - interval '26 hours'), $1, 2, 'vpn', 5),
       ('hour', date_trunc('hour', now() - interval '8 days'), $1, 2, 'vpn', 9)`,
      [phone],
    );
    await refresh();
    const { rows } = await db.owner.query<{ grain: string; captures: string }>(
      "SELECT grain, captures FROM public.stats_history WHERE bucket < now() - interval '25 hours' ORDER BY bucket",
    );
    expect(rows.map((r) => [r.grain, Number(r.captures)])).toEqual([["hour", 2]]);
    const week = await run<History>(db, "get_stats_history", { window: "7d", by: "total" }, callerOf(admin));
    expect(week.total).toBe(weekBefore + 2);
    expect(week.step_seconds).toBe(3600);
    // The day's figures match a scan of entries (the captures 30 h old are not among them).
    const { rows: scan } = await db.owner.query<{ fresh: { entries_24h: number; total_entries: number } }>(
      "SELECT busymate_private.compute_stats() AS fresh",
    );
    expect(await snapshot()).toMatchObject({
      entries_24h: scan[0].fresh.entries_24h,
      total_entries: scan[0].fresh.total_entries,
    });
  });

  it("a role without stats:view gets nothing: the operation refuses, REST rows are empty", async () => {
    await expectRefused(run(db, "get_stats_history", {}, callerOf(outsider)), "FORBIDDEN");
    const rows = await withClaims(db.pool, outsider.claims, async (client) => [
      ...(await client.query("SELECT * FROM public.stats_history")).rows,
      ...(await client.query("SELECT * FROM public.stats_series")).rows,
      ...(await client.query("SELECT * FROM public.service_stats")).rows,
    ]);
    expect(rows).toEqual([]);
  });
});

describe("status history and incidents", () => {
  const write = (dbUp: boolean) =>
    db.owner.query("UPDATE public.service_status SET snapshot = $1, updated_at = now() WHERE id = 1", [
      {
        overall: dbUp ? "ok" : "degraded",
        host: { cpu: 0.25, load: [0.5, 0.4, 0.3], mem: { usedMb: 1000, totalMb: 4000 }, uptime: 100 },
        components: [
          { key: "dashboard", label: "Dashboard", probe: { up: true, httpStatus: 200, latencyMs: 12 } },
          {
            key: "database",
            label: "Database",
            probe: dbUp ? { up: true, latencyMs: 1 } : { up: false, latencyMs: 3000, error: "timeout" },
          },
        ],
      },
    ]);

  it("keeps each snapshot as a sample and an incident from down to up", async () => {
    await write(true);
    await write(false);
    await write(false);
    await write(true);
    const history = await run<{
      at: number[];
      cpu: number[];
      components: { key: string; up: boolean[]; latency_ms: number[] }[];
      incidents: { component: string; label: string; up_at: string | null; error: string | null }[];
    }>(db, "get_status_history", {}, callerOf(admin));
    // One transaction per write, but now() of a fast run can repeat: at least the distinct moments are kept.
    expect(history.at.length).toBeGreaterThanOrEqual(1);
    expect(history.cpu.every((cpu) => cpu === 0.25)).toBe(true);
    expect(history.components.map((c) => c.key)).toEqual(["dashboard", "database"]);
    expect(history.incidents).toEqual([
      expect.objectContaining({
        component: "database",
        label: "Database",
        error: "timeout",
        up_at: expect.any(String),
      }),
    ]);
  });

  it("a member (no status:view) gets nothing from the history or the incidents", async () => {
    await expectRefused(run(db, "get_status_history", {}, callerOf(member)), "FORBIDDEN");
    const rows = await withClaims(db.pool, member.claims, async (client) => [
      ...(await client.query("SELECT * FROM public.status_history")).rows,
      ...(await client.query("SELECT * FROM public.status_incidents")).rows,
      ...(await client.query("SELECT * FROM public.service_status")).rows,
    ]);
    expect(rows).toEqual([]);
  });
});
