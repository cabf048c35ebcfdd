import { chromium, type Page, type Request } from "@playwright/test";
import { mkdir } from "node:fs/promises";
import pg from "pg";
import { seedCaptures } from "@/db/seed/demo";
import { SignInPage } from "@/e2e/pages/sign-in-page";
import { captureAsDevice, deviceToken } from "@/e2e/support/factories";
import { stackDataFrom, type StackData } from "@/e2e/support/stack";
import { findChromium } from "@/lib/testing/chromium";
import { removeHome, stackOptions, startStack } from "@/lib/testing/stack";

/**
 * `npx tsx bench/feed.ts [--entries=1000000]`: the capture feed in Chromium against a
 * throwaway `npm start` stack holding that many captures. Prints, each beside a baseline
 * measured in the same run:
 *  - navigation → first rows painted (median of 5), vs navigation → /api/version loaded;
 *  - frame times while scrolling 10,000 rows (p95), vs frame times of the idle page;
 *  - JS heap after scrolling 100,000 rows (after GC), vs the heap right after the first page;
 *  - live rows/s the feed absorbs with p95 frames < 16.7 ms, vs the same frames with no inserts,
 *    and at each rate the page's main-thread CPU time per second, vs the quiet page's.
 * Targets (issue 7): first rows < 1 s, scroll p95 < 16 ms, heap < 200 MB, ≥ 200 live rows/s.
 * Frames are timed by requestAnimationFrame intervals, which headless Chromium holds to its
 * 60 Hz refresh: "p95 < 16 ms" is read as "no dropped frame at p95" (interval within 5 % of
 * the idle page's period); the share of dropped frames is printed beside it.
 * `--home=<dir>` keeps the stack's data there (and reuses it next time): seeding a million
 * captures takes minutes on two cores.
 * `--cpu-slowdown=<n>` runs the live part with the page's CPU slowed n times (Chromium's CPU
 * throttling): on an idle machine the live path fits in a frame either way, and what it costs
 * shows only once the renderer gets a share of a busy machine's cores, as beside the stack itself.
 */

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const total = Number(arg("entries") ?? 1_000_000);
const keptHome = arg("home");
const cpuSlowdown = Number(arg("cpu-slowdown") ?? 1);
const ROW_HEIGHT = 32;
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))] ?? NaN;
const median = (values: number[]) => percentile(values, 50);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Frame intervals (ms) measured in the page while `during` runs in Node. */
async function frameTimes(page: Page, during: () => Promise<void>): Promise<number[]> {
  await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__frames = [];
    w.__stop = false;
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push(now - last);
      last = now;
      if (!w.__stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await during();
  return page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames.slice(1);
  });
}

/** Scrolls the list by `rowsPerFrame` every frame until `rows` rows have gone by (waiting for pages as they load). */
async function scrollRows(page: Page, rows: number, rowsPerFrame: number): Promise<void> {
  await page.evaluate(
    ({ target, step }) =>
      new Promise<void>((resolve) => {
        const list = document.querySelector<HTMLElement>("[data-testid=feed-list]")!;
        const frame = () => {
          if (list.scrollTop >= target) return resolve();
          list.scrollTop = Math.min(target, list.scrollTop + step);
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
    { target: rows * ROW_HEIGHT, step: rowsPerFrame * ROW_HEIGHT },
  );
}

async function heapUsed(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  return usedSize;
}

/** Inserts captures as a device at `perSecond` for `seconds`, in 10 batches a second (one REST call each). */
async function insertAtRate(stack: StackData, device: string, perSecond: number, seconds: number): Promise<number> {
  const token = await deviceToken(stack, device);
  const batch = Math.max(1, Math.round(perSecond / 10));
  let sent = 0;
  const started = performance.now();
  for (let tick = 0; tick < seconds * 10; tick++) {
    const rows = Array.from({ length: batch }, (_, i) => ({
      ts: new Date().toISOString(),
      device_uuid: device,
      payload: {
        source: "vpn",
        request: { method: "GET", url: `https://live-bench.example/r/${tick}/${i}` },
        response: { status: 200, bodySize: 10 },
        durationMs: 5,
      },
    }));
    const response = await fetch(`${stack.supabaseUrl}/rest/v1/entries`, {
      method: "POST",
      headers: {
        apikey: stack.publishableKey,
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        prefer: "return=minimal",
      },
      body: JSON.stringify(rows),
    });
    if (!response.ok) throw new Error(`insert answered ${response.status}: ${await response.text()}`);
    sent += rows.length;
    const wait = started + (tick + 1) * 100 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return sent;
}

if (keptHome) await mkdir(keptHome, { recursive: true });
const options = await stackOptions(keptHome);
console.log(`Starting a throwaway stack in ${options.home}…`);
const running = await startStack(options);
const stack = stackDataFrom(running.localEnv, running.appUrl);
const db = new pg.Pool({ connectionString: stack.databaseUrl, max: 2 });
const browser = await chromium.launch({
  executablePath: await findChromium(),
  args: ["--disable-gpu", "--no-first-run"],
});
try {
  const { rows: devices } = await db.query<{ uuid: string; name: string }>(
    "SELECT uuid, name FROM public.devices ORDER BY created_at",
  );
  const have = Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM public.entries")).rows[0].n);
  if (have < total) {
    const seedStarted = performance.now();
    const client = await db.connect();
    await seedCaptures(
      client,
      devices.map((d) => ({ uuid: d.uuid, source: "vpn" as const })),
      total - have,
      { days: 28, seed: 7 },
    );
    await client.query("ANALYZE public.entries");
    client.release();
    console.log(
      `Seeded ${(total - have).toLocaleString("en-US")} captures in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s.`,
    );
  }

  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, baseURL: running.appUrl });
  // tsx compiles the functions passed to page.evaluate with esbuild's name helper; the page lacks it.
  await page.addInitScript({ content: "globalThis.__name = (fn) => fn;" });
  const signIn = new SignInPage(page);
  await signIn.open("/feed");
  await signIn.signIn(stack.admin.email, stack.admin.password);
  await page.waitForURL((url) => url.pathname === "/feed");

  // 1. Navigation → first rows painted; where the time goes (document, then each REST call).
  const firstRows: number[] = [];
  const versionLoads: number[] = [];
  const calls = new Map<string, number[]>();
  const timeRequest = (request: Request) => {
    const url = new URL(request.url());
    const name =
      request.resourceType() === "document"
        ? `document ${url.pathname}`
        : url.pathname.startsWith("/rest/v1/")
          ? `REST ${url.pathname.slice(9)}`
          : url.pathname === "/first-party-token"
            ? "first-party-token"
            : "";
    const timing = request.timing();
    if (name && timing.responseEnd > 0)
      calls.set(name, [...(calls.get(name) ?? []), timing.responseEnd - Math.max(0, timing.requestStart)]);
  };
  page.on("requestfinished", timeRequest);
  for (let i = 0; i < 5; i++) {
    await page.goto("/feed");
    await page.waitForSelector("[data-testid=feed-list] [role=option]");
    firstRows.push(
      await page.evaluate(
        () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now()))),
      ),
    );
    await page.goto("/api/version");
    versionLoads.push(await page.evaluate(() => performance.now()));
  }

  page.off("requestfinished", timeRequest);

  // 2. Frame times: idle page, then scrolling 10,000 rows at 4 rows a frame.
  await page.goto("/feed");
  await page.waitForSelector("[data-testid=feed-list] [role=option]");
  const heapFirstPage = await heapUsed(page);
  const idle = await frameTimes(page, () => page.waitForTimeout(3000));
  const scrolling = await frameTimes(page, () => scrollRows(page, 10_000, 4));

  // 3. Heap after 100,000 rows (scrolled fast: 40 rows a frame, pages load on the way).
  await scrollRows(page, 100_000, 40);
  const heapDeep = await heapUsed(page);

  // 4. Live rows at increasing rates, read at the top of the list.
  await page.goto("/feed");
  await page.waitForSelector("[data-testid=live-state][data-connection=live]");
  const cdp = await page.context().newCDPSession(page);
  if (cpuSlowdown > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: cpuSlowdown });
  // The renderer main thread's CPU time per second of wall clock: what the live path costs,
  // which frame times show only once the machine is short of cores.
  await cdp.send("Performance.enable");
  const threadTime = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ThreadTime")?.value ?? NaN;
  const mainThreadCpu = async (during: () => Promise<void>) => {
    const [cpu0, wall0] = [await threadTime(), performance.now()];
    await during();
    return ((await threadTime()) - cpu0) / ((performance.now() - wall0) / 1000);
  };
  const iphone = devices.find((d) => d.name === "Admin's iPhone")!.uuid;
  await captureAsDevice(stack, db, iphone, "https://live-bench.example/warm");
  let quiet: number[] = [];
  const quietCpu = await mainThreadCpu(async () => {
    quiet = await frameTimes(page, () => page.waitForTimeout(3000));
  });
  const rates: { rate: number; p95: number; cpu: number }[] = [];
  for (const rate of [50, 100, 200, 400, 800]) {
    let sent = 0;
    let frames: number[] = [];
    const cpu = await mainThreadCpu(async () => {
      frames = await frameTimes(page, async () => {
        sent = await insertAtRate(stack, iphone, rate, 5);
        await page.waitForTimeout(500);
      });
    });
    const totalText = (await page.getByTestId("feed-total").textContent()) ?? "";
    rates.push({ rate, p95: percentile(frames, 95), cpu });
    console.log(
      `  live ${rate}/s: ${sent} sent, frame p95 ${percentile(frames, 95).toFixed(1)} ms, main thread ${(cpu * 1000).toFixed(0)} ms CPU/s, total now "${totalText}"`,
    );
  }
  // rAF intervals cannot go below the display's refresh period (16.7 ms at 60 Hz): a frame
  // "under 16 ms" is one that is not dropped, i.e. whose interval stays one period long.
  const period = median(idle);
  const fits = (frames: number[]) => percentile(frames, 95) <= period * 1.05;
  const dropped = (frames: number[]) =>
    `${((frames.filter((f) => f > period * 1.5).length / Math.max(1, frames.length)) * 100).toFixed(1)} % dropped`;
  const absorbed = Math.max(0, ...rates.filter((r) => r.p95 <= period * 1.05).map((r) => r.rate));

  console.log(
    `\nFeed in Chromium, ${total.toLocaleString("en-US")} captures (2 cores; app, database and browser on one machine)`,
  );
  console.log(
    `navigation → first rows painted   median ${median(firstRows).toFixed(0)} ms   (baseline /api/version loaded ${median(versionLoads).toFixed(0)} ms)   target < 1000 ms  ${median(firstRows) < 1000 ? "met" : "MISSED"}`,
  );
  console.log(
    `  where it goes (median ms): ${[...calls].map(([name, times]) => `${name} ${median(times).toFixed(0)}`).join(", ")}`,
  );
  console.log(
    `scrolling 10,000 rows             frame p95 ${percentile(scrolling, 95).toFixed(1)} ms, p50 ${median(scrolling).toFixed(1)} ms, ${dropped(scrolling)}   (baseline idle p95 ${percentile(idle, 95).toFixed(1)} ms; refresh period ${period.toFixed(1)} ms)   target: no dropped frame at p95  ${fits(scrolling) ? "met" : "MISSED"}`,
  );
  console.log(
    `heap after 100,000 rows           ${mb(heapDeep)}   (baseline after the first page ${mb(heapFirstPage)})   target < 200 MB`,
  );
  console.log(
    `live rows absorbed, no drop at p95 ${absorbed} rows/s${cpuSlowdown > 1 ? ` (CPU slowed ×${cpuSlowdown})` : ""}   (baseline quiet p95 ${percentile(quiet, 95).toFixed(1)} ms; per rate: ${rates.map((r) => `${r.rate}/s → ${r.p95.toFixed(1)} ms`).join(", ")})   target ≥ 200 rows/s  ${absorbed >= 200 ? "met" : "MISSED"}`,
  );
  console.log(
    `  main thread CPU while live: ${rates.map((r) => `${r.rate}/s → ${(r.cpu * 1000).toFixed(0)} ms/s`).join(", ")}   (baseline quiet ${(quietCpu * 1000).toFixed(0)} ms/s)`,
  );
} finally {
  await browser.close();
  await db.end();
  await running.stop();
  if (!keptHome) await removeHome(options.home);
}
