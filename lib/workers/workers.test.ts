import http from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevice, createPerson, insertEntries } from "@/lib/testing/db-fixtures";
import { startTestSupabase, type TestSupabase } from "@/lib/testing/local-supabase";
import { freePort } from "@/lib/embedded/ports";
import { auditPrune } from "./audit-prune";
import { partitionUpkeep } from "./partition-upkeep";
import { schedule, type Job } from "./schedule";
import { statsRefresh } from "./stats-refresh";
import { rollUp, statusProbe, type StatusSnapshot } from "./status-probe";

describe("workers", () => {
  let stack: TestSupabase;
  let pool: pg.Pool;
  let dashboard: http.Server;
  let dashboardUrl: string;
  const log: string[] = [];

  beforeAll(async () => {
    stack = await startTestSupabase();
    pool = new pg.Pool({ connectionString: stack.postgres.url, max: 3 });
    dashboard = http.createServer((req, res) => res.writeHead(req.url === "/health" ? 200 : 404).end("{}"));
    await new Promise<void>((resolve) => dashboard.listen(0, "127.0.0.1", resolve));
    dashboardUrl = `http://127.0.0.1:${(dashboard.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    dashboard?.close();
    await pool?.end();
    await stack?.stop();
  });

  const runOnce = async (job: Job) => {
    const running = schedule(pool, { ...job, everyMs: 3_600_000 }, (line) => log.push(line));
    await running.stop(); // waits for the first tick, which schedule() starts at once
    return running;
  };

  it("stats refresh writes the fleet snapshot", async () => {
    const person = await createPerson(stack.owner, "stats@test.local");
    const device = await createDevice(stack.owner, person, "Stats phone");
    await insertEntries(pool, device, ["https://api.example.com/a", "https://api.example.com/b"]);
    await runOnce(statsRefresh);
    const { rows } = await stack.owner.query("SELECT snapshot FROM public.service_stats WHERE id = 1");
    expect(rows[0].snapshot).toMatchObject({
      total_devices: 1,
      total_entries: 2,
      entries_1h: 2,
      top_domains: [{ host: "api.example.com", count: 2 }],
    });
  });

  it("audit pruning deletes rows past the retention in bounded batches, keeps recent ones and audits nothing", async () => {
    const person = await createPerson(stack.owner, "audited@test.local");
    await createDevice(stack.owner, person, "Audited phone"); // a real audited write, made now
    await stack.owner.query(
      `INSERT INTO public.audit_log (actor_user_id, action, target_table, target_id, at)
       SELECT $1::uuid, 'update', 'devices', 'old-' || n, now() - make_interval(days => 90 + n) FROM generate_series(1, 3) n
       UNION ALL SELECT $1::uuid, 'update', 'devices', 'recent', now() - interval '89 days'`,
      [person.id],
    );
    const audit = async () =>
      (
        await stack.owner.query<{ target_id: string; target_table: string }>(
          "SELECT target_id, target_table FROM public.audit_log ORDER BY id",
        )
      ).rows;
    const before = await audit();
    expect(before.filter((row) => row.target_id.startsWith("old-"))).toHaveLength(3);

    // Two per tick: the first tick takes the two oldest, the second the last one, the third nothing.
    const left: number[] = [];
    for (let tick = 0; tick < 3; tick++) {
      await runOnce(auditPrune(90, 2));
      left.push((await audit()).filter((row) => row.target_id.startsWith("old-")).length);
    }
    expect(left).toEqual([1, 0, 0]);
    const after = await audit();
    expect(after).toEqual(before.filter((row) => !row.target_id.startsWith("old-")));
    expect(after.some((row) => row.target_table === "audit_log")).toBe(false);
    expect(after.map((row) => row.target_id)).toContain("recent");
    expect(() => auditPrune(0)).toThrow(/≥ 1/);
    await expect(stack.owner.query("SELECT busymate_private.prune_audit_log(interval '1 hour', 10)")).rejects.toThrow(
      /at least one day/,
    );
  });

  it("partition upkeep creates the coming weeks' partitions", async () => {
    // The migration made weeks up to +5; drop +3 (empty) and let the job put it back.
    const week = "to_char(date_trunc('week', now() AT TIME ZONE 'UTC' + interval '3 weeks'), 'IYYY\"w\"IW')";
    const name = (await stack.owner.query(`SELECT 'entries_' || ${week} AS name`)).rows[0].name as string;
    await stack.owner.query(`DROP TABLE busymate_partitions.${name}`);
    const exists = async () =>
      (await stack.owner.query("SELECT to_regclass($1) IS NOT NULL AS ok", [`busymate_partitions.${name}`])).rows[0].ok;
    expect(await exists()).toBe(false);
    await runOnce(partitionUpkeep);
    expect(await exists()).toBe(true);
  });

  it("status probe stores host metrics and one probe per component, rolled up", async () => {
    await runOnce(
      statusProbe({ appUrl: dashboardUrl, supabaseUrl: stack.url, secretKey: stack.keys.secretKey, timeoutMs: 2000 }),
    );
    const snapshot = (await stack.owner.query("SELECT snapshot FROM public.service_status WHERE id = 1")).rows[0]
      .snapshot as StatusSnapshot;
    expect(snapshot.components.map((c) => c.key)).toEqual(["dashboard", "database", "auth", "rest", "realtime"]);
    const byKey = Object.fromEntries(snapshot.components.map((c) => [c.key, c.probe]));
    expect(byKey.dashboard).toMatchObject({ up: true, httpStatus: 200 });
    expect(byKey.database.up).toBe(true);
    expect(byKey.auth).toMatchObject({ up: true, httpStatus: 200 });
    expect(snapshot.overall).toBe(rollUp(snapshot.components));
    expect(snapshot.host.mem.totalMb).toBeGreaterThan(0);
    expect(snapshot.host.load).toHaveLength(3);
    expect(snapshot.host.cpu).toBeGreaterThanOrEqual(0);
    expect(snapshot.host.cpu).toBeLessThanOrEqual(1);
  });

  it("a dashboard that does not answer is reported down and the overall state degraded", async () => {
    const closedPort = await freePort();
    await runOnce(
      statusProbe({
        appUrl: `http://127.0.0.1:${closedPort}`,
        supabaseUrl: stack.url,
        secretKey: stack.keys.secretKey,
        timeoutMs: 1000,
      }),
    );
    const snapshot = (await stack.owner.query("SELECT snapshot FROM public.service_status WHERE id = 1")).rows[0]
      .snapshot as StatusSnapshot;
    expect(snapshot.components[0]).toMatchObject({ key: "dashboard", probe: { up: false } });
    expect(snapshot.overall).not.toBe("ok");
  });

  it("skips a tick while another instance holds the job's lock, and survives a failing job", async () => {
    const holder = await stack.owner.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT pg_advisory_xact_lock($1)", [statsRefresh.lockKey]);
    const running = schedule(pool, { ...statsRefresh, everyMs: 3_600_000 }, () => undefined);
    // The first tick starts at once: let it finish so the ticks below are the only ones.
    await running.settled();
    expect(await running.tick()).toBe("skipped");
    await holder.query("ROLLBACK");
    holder.release();
    expect(await running.tick()).toBe("ran");
    await running.stop();

    const failing = schedule(
      pool,
      {
        name: "broken",
        everyMs: 3_600_000,
        lockKey: 424_242_001,
        run: (client) => client.query("SELECT no_such_function()").then(() => undefined),
      },
      (line) => log.push(line),
    );
    await failing.settled();
    expect(await failing.tick()).toBe("failed");
    await failing.stop();
    expect(log.some((line) => line.startsWith("worker broken failed"))).toBe(true);
  });
});

describe("rollUp", () => {
  const component = (up: boolean) => ({ key: "k", label: "K", probe: { up, latencyMs: 1 } });
  it("is ok when all are up, down when none are, degraded in between", () => {
    expect(rollUp([component(true), component(true)])).toBe("ok");
    expect(rollUp([component(true), component(false)])).toBe("degraded");
    expect(rollUp([component(false), component(false)])).toBe("down");
  });
});
