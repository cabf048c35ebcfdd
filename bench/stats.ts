import os from "node:os";
import pg from "pg";
import { findOperation } from "@/lib/operations";
import { callerOf } from "@/lib/operations/testing";
import { runOperation } from "@/lib/operations/run";
import { createDevice, createPerson } from "@/lib/testing/db-fixtures";
import { startTempPostgres } from "@/lib/testing/temp-postgres";

/**
 * `npm run bench:stats [-- --sizes=1000000,5000000]`: the 60 s stats job and the stats page's
 * data at each size, in one run on a throwaway embedded PostgreSQL (captures seeded with SQL
 * generate_series, compact payloads, spread over 14 days across 8 devices).
 *  - job: refresh_service_stats() after a minute's worth of new captures (600), median of 5,
 *    beside the baseline of the same run: the snapshot computed by scanning entries
 *    (compute_stats(), what the job did before the rollup). The one-time catch-up after
 *    seeding is printed too.
 *  - page: what /stats prefetches before its first paint (get_stats and get_stats_history for
 *    the status-class and device charts, in parallel through the registry as an admin), median of 5.
 * Targets (issue 16): job < 2 s and page < 1 s at the largest size, within 1.5× of the smallest.
 */

const sizes = (process.argv.find((a) => a.startsWith("--sizes="))?.slice(8) ?? "1000000,5000000")
  .split(",")
  .map(Number);
const RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(1).padStart(8)} ms`;

async function timed(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return median(times);
}

const db = await startTempPostgres();
const owner = new pg.Pool({ connectionString: db.url, max: 4 });
const pool = new pg.Pool({ connectionString: db.url, max: 4 });
// Idle connections are cut when the cluster stops at the end; that is expected.
for (const p of [owner, pool]) p.on("error", () => undefined);
try {
  const admin = await createPerson(owner, "admin@bench.local");
  const member = await createPerson(owner, "member@bench.local");
  const devices: string[] = [];
  for (let i = 0; i < 8; i++) devices.push(await createDevice(owner, i % 2 ? member : admin, `Device ${i}`));
  await owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '15 days', 4)");

  // Bulk rows as a device would send them, without the per-insert live fan-out (replica mode skips triggers).
  const insert = async (client: pg.PoolClient, count: number, spread: string) =>
    client.query(
      `INSERT INTO public.entries (ts, device_uuid, payload)
       SELECT now() - random() * $3::interval, ($1::uuid[])[1 + i % 8],
              jsonb_build_object('source', CASE WHEN i % 3 = 0 THEN 'proxy' ELSE 'vpn' END,
                'request', jsonb_build_object('method', 'GET', 'url', 'https://h' || (i % 40) || '.example.com/p/' || (i % 997)),
                'response', jsonb_build_object('status', (ARRAY[200, 200, 200, 201, 304, 404, 500])[1 + i % 7]))
       FROM generate_series(1, $2) AS i`,
      [devices, count, spread],
    );

  const call = (name: string, input: unknown) => runOperation(pool, findOperation(name)!, input, callerOf(admin));
  const page = () =>
    Promise.all([
      call("get_stats", {}),
      call("get_stats_history", { window: "1h", by: "status_class" }),
      call("get_stats_history", { window: "1h", by: "device" }),
    ]);

  const results: { size: number; seedS: number; catchUp: number; job: number; scan: number; page: number }[] = [];
  let seeded = 0;
  for (const size of sizes) {
    const client = await owner.connect();
    const seedStarted = performance.now();
    await client.query("SET session_replication_role = replica");
    for (let done = seeded; done < size; done += 250_000)
      await insert(client, Math.min(250_000, size - done), "14 days");
    await client.query("SET session_replication_role = DEFAULT");
    // Vacuumed here so that autovacuum's pass over the new rows does not run during the timings.
    await client.query("VACUUM ANALYZE public.entries");
    const seedS = (performance.now() - seedStarted) / 1000;
    seeded = size;
    const catchUpStarted = performance.now();
    await client.query("SELECT public.refresh_service_stats()");
    const catchUp = performance.now() - catchUpStarted;
    await client.query("VACUUM ANALYZE public.stats_history");
    const jobTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      await insert(client, 600, "1 minute");
      const started = performance.now();
      await client.query("SELECT public.refresh_service_stats()");
      jobTimes.push(performance.now() - started);
    }
    const job = median(jobTimes);
    seeded += 600 * RUNS;
    const scan = await timed(() => client.query("SELECT busymate_private.compute_stats()"), 3);
    client.release();
    await page();
    const pageMs = await timed(page);
    results.push({ size, seedS, catchUp, job, scan, page: pageMs });
    console.log(
      `${size.toLocaleString("en").padStart(10)} captures (seeded in ${seedS.toFixed(0)} s, load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): job ${ms(job)} (scan baseline ${ms(scan)}; catch-up after seeding ${ms(catchUp)}), page data ${ms(pageMs)}`,
    );
  }
  const first = results[0];
  const last = results.at(-1)!;
  console.log("\nsize        job (rollup)   scan baseline   page data");
  for (const r of results)
    console.log(`${r.size.toLocaleString("en").padStart(10)}  ${ms(r.job)}  ${ms(r.scan)}  ${ms(r.page)}`);
  console.log(
    `\n${last.size.toLocaleString("en")} vs ${first.size.toLocaleString("en")}: job ${(last.job / first.job).toFixed(2)}×, page ${(last.page / first.page).toFixed(2)}× ` +
      `(targets: job < 2000 ms, page < 1000 ms, each ≤ 1.5×) → job ${last.job < 2000 && last.job / first.job <= 1.5 ? "met" : "NOT met"}, page ${last.page < 1000 && last.page / first.page <= 1.5 ? "met" : "NOT met"}`,
  );
} finally {
  await pool.end();
  await owner.end();
  await db.stop();
}
