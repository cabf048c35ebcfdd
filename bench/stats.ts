import { chromium } from "@playwright/test";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { SignInPage } from "@/e2e/pages/sign-in-page";
import { stackDataFrom } from "@/e2e/support/stack";
import { withClaims } from "@/lib/db/with-claims";
import { findOperation } from "@/lib/operations";
import { callerOf } from "@/lib/operations/testing";
import { runOperation } from "@/lib/operations/run";
import { findChromium } from "@/lib/testing/chromium";
import { createDevice, personClaims, type Person } from "@/lib/testing/db-fixtures";
import { removeHome, stackOptions, startStack } from "@/lib/testing/stack";

/**
 * `npm run bench:stats [-- --sizes=1000000,5000000] [--home=<dir>] [--explain]`: the 60 s stats
 * job and the /stats page at each size, each size on its own throwaway `npm start` stack
 * (captures seeded with SQL generate_series, compact payloads, spread over 14 days across 8
 * devices). Each figure is printed beside the full-scan baseline of the same run:
 *  - job: refresh_service_stats() after a minute's worth of new captures (600), median of 5, vs
 *    the snapshot computed by scanning entries (compute_stats(), what the job did before the rollup);
 *  - page data: what /stats prefetches (get_stats and the two hour charts through the registry as
 *    an admin), median of 5, vs get_stats() computed on the spot from entries (the RPC);
 *  - page in Chromium: navigation → first contentful paint and → both charts drawn (their canvases
 *    in the page, then a frame), median of 5, vs navigation → /api/version loaded.
 * `--home=<dir>` keeps each size's stack in <dir>/<size> and reuses it next time (seeding 5 M
 * captures takes minutes on two cores). `--explain` prints the job's and the page's plans
 * (auto_explain, nested statements, ≥ 0.5 ms) at each size.
 * Targets (issue 16): job < 2 s and page < 1 s at the largest size, within 1.5× of the smallest.
 */

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = (arg("sizes") ?? "1000000,5000000").split(",").map(Number);
const keptHome = arg("home");
const explain = process.argv.includes("--explain");
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

// Bulk rows as devices would send them, without the per-insert live fan-out (replica mode skips triggers).
const insert = (client: pg.PoolClient, devices: string[], count: number, spread: string) =>
  client.query(
    `INSERT INTO public.entries (ts, device_uuid, payload)
     SELECT now() - random() * $3::interval, ($1::uuid[])[1 + i % 8],
            jsonb_build_object('source', CASE WHEN i % 3 = 0 THEN 'proxy' ELSE 'vpn' END,
              'request', jsonb_build_object('method', 'GET', 'url', 'https://h' || (i % 40) || '.example.com/p/' || (i % 997)),
              'response', jsonb_build_object('status', (ARRAY[200, 200, 200, 201, 304, 404, 500])[1 + i % 7]))
     FROM generate_series(1, $2) AS i`,
    [devices, count, spread],
  );

interface Result {
  size: number;
  job: number;
  scan: number;
  pageData: number;
  pageScan: number;
  fcp: number;
  charts: number;
  version: number;
}

const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ["--disable-gpu", "--no-first-run"],
});
const results: Result[] = [];
try {
  for (const size of sizes) {
    const home = keptHome ? path.join(keptHome, String(size)) : undefined;
    if (home) await mkdir(home, { recursive: true });
    const options = await stackOptions(home);
    const running = await startStack(options);
    const stack = stackDataFrom(running.localEnv, running.appUrl);
    const owner = new pg.Pool({ connectionString: stack.databaseUrl, max: 4 });
    owner.on("error", () => undefined);
    try {
      const { rows: people } = await owner.query<{ id: string; email: string }>(
        "SELECT id, email FROM auth.users WHERE email = $1",
        [stack.admin.email],
      );
      const admin: Person = { ...people[0], claims: personClaims(people[0].id) };
      const devices = (
        await owner.query<{ uuid: string }>("SELECT uuid FROM public.devices WHERE name LIKE 'Bench %' ORDER BY name")
      ).rows.map((row) => row.uuid);
      for (let i = devices.length; i < 8; i++) devices.push(await createDevice(owner, admin, `Bench ${i}`));
      await owner.query("SELECT busymate_private.ensure_entry_partitions(now() - interval '15 days', 4)");

      const client = await owner.connect();
      const have = Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM public.entries")).rows[0].n);
      if (have < size) {
        const seedStarted = performance.now();
        await client.query("SET session_replication_role = replica");
        for (let done = have; done < size; done += 250_000)
          await insert(client, devices, Math.min(250_000, size - done), "14 days");
        await client.query("SET session_replication_role = DEFAULT");
        // Vacuumed here so that autovacuum's pass over the new rows does not run during the timings.
        await client.query("VACUUM ANALYZE public.entries");
        console.log(
          `seeded ${(size - have).toLocaleString("en")} captures in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s`,
        );
      }
      // The first refresh after seeding rolls every seeded capture up (the stack's worker may have begun it).
      await client.query("SELECT public.refresh_service_stats()");
      await client.query("VACUUM ANALYZE public.stats_history");
      const jobTimes: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await insert(client, devices, 600, "1 minute");
        const started = performance.now();
        await client.query("SELECT public.refresh_service_stats()");
        jobTimes.push(performance.now() - started);
      }
      const scan = await timed(() => client.query("SELECT busymate_private.compute_stats()"), 3);
      client.release();

      const call = (name: string, input: unknown) => runOperation(owner, findOperation(name)!, input, callerOf(admin));
      const pageData = () =>
        Promise.all([
          call("get_stats", {}),
          call("get_stats_history", { window: "1h", by: "status_class" }),
          call("get_stats_history", { window: "1h", by: "device" }),
        ]);
      await pageData();
      const pageDataMs = await timed(pageData);
      const pageScan = await timed(
        () => withClaims(owner, admin.claims, (as) => as.query("SELECT public.get_stats()")),
        3,
      );

      if (explain) await printPlans(stack.databaseUrl, admin, size, devices);

      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: running.appUrl });
      const signIn = new SignInPage(page);
      await signIn.open("/stats");
      await signIn.signIn(stack.admin.email, stack.admin.password);
      await page.waitForURL((url) => url.pathname === "/stats");
      const fcps: number[] = [];
      const charts: number[] = [];
      const versions: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        await page.goto("/stats");
        await page.waitForFunction(() => document.querySelectorAll("[data-testid^='chart-'] canvas").length >= 2);
        charts.push(
          await page.evaluate(
            () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
          ),
        );
        fcps.push(
          await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN),
        );
        await page.goto("/api/version");
        versions.push(await page.evaluate(() => performance.now()));
      }
      await page.close();
      const result: Result = {
        size,
        job: median(jobTimes),
        scan,
        pageData: pageDataMs,
        pageScan,
        fcp: median(fcps),
        charts: median(charts),
        version: median(versions),
      };
      results.push(result);
      console.log(
        `${size.toLocaleString("en").padStart(10)} captures (load ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores): ` +
          `job ${ms(result.job)} (scan ${ms(scan)}), page data ${ms(result.pageData)} (scan ${ms(pageScan)}), ` +
          `first paint ${ms(result.fcp)}, charts drawn ${ms(result.charts)} (/api/version ${ms(result.version)})`,
      );
    } finally {
      await owner.end();
      await running.stop();
      if (!home) await removeHome(options.home);
    }
  }
} finally {
  await browser.close();
}

const first = results[0];
const last = results.at(-1)!;
console.log(
  "\n      size   job (rollup)  job scan baseline   page data  page-data scan   first paint   charts drawn   /api/version",
);
for (const r of results)
  console.log(
    `${r.size.toLocaleString("en").padStart(10)}  ${ms(r.job)}  ${ms(r.scan)}        ${ms(r.pageData)}  ${ms(r.pageScan)}   ${ms(r.fcp)}   ${ms(r.charts)}   ${ms(r.version)}`,
  );
const ratio = (pick: (r: Result) => number) => pick(last) / pick(first);
console.log(
  `\n${last.size.toLocaleString("en")} vs ${first.size.toLocaleString("en")}: job ${ratio((r) => r.job).toFixed(2)}×, page data ${ratio((r) => r.pageData).toFixed(2)}×, ` +
    `first paint ${ratio((r) => r.fcp).toFixed(2)}×, charts drawn ${ratio((r) => r.charts).toFixed(2)}× ` +
    `(targets: job < 2000 ms, page < 1000 ms, each ≤ 1.5×) → job ${last.job < 2000 && ratio((r) => r.job) <= 1.5 ? "met" : "NOT met"}, ` +
    `page ${last.charts < 1000 && ratio((r) => r.charts) <= 1.5 ? "met" : "NOT met"}`,
);

/** The job's and the page's statements as auto_explain reports them (nested, with buffers). */
async function printPlans(databaseUrl: string, admin: Person, size: number, devices: string[]): Promise<void> {
  const plans: string[] = [];
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 3,
    options:
      "-c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0.5 -c auto_explain.log_analyze=on " +
      "-c auto_explain.log_buffers=on -c auto_explain.log_nested_statements=on -c auto_explain.log_level=notice",
  });
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("notice", (notice) => plans.push(notice.message ?? "")));
  try {
    // A minute's captures first, as before each timed run, so the rollup's own statements show.
    const client = await pool.connect();
    await insert(client, devices, 600, "1 minute");
    client.release();
    plans.splice(0);
    await pool.query("SELECT public.refresh_service_stats()");
    const job = plans.splice(0);
    const call = (name: string, input: unknown) => runOperation(pool, findOperation(name)!, input, callerOf(admin));
    await call("get_stats", {});
    await call("get_stats_history", { window: "1h", by: "status_class" });
    await call("get_stats_history", { window: "1h", by: "device" });
    console.log(`\n--- plans at ${size.toLocaleString("en")} captures: the job ---\n${job.join("\n\n")}`);
    console.log(`\n--- plans at ${size.toLocaleString("en")} captures: the page ---\n${plans.join("\n\n")}`);
  } finally {
    await pool.end();
  }
}
