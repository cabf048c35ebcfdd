import { spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { freePort } from "@/lib/embedded/ports";
import { removeHome, spawnStart, stackEnv, stackOptions, waitForReady, type StackOptions } from "@/lib/testing/stack";

/**
 * `npm run bench:startup`: time from `npm start` to `/health/ready` 200.
 *  - cold: fresh home and no build (what a fresh clone does first);
 *  - first run: fresh home, build present;
 *  - warm: existing home and build (median of several).
 * Baseline, measured in the same run: plain `next start` on the same build until its
 * `/health` answers, so the ratio shows what the embedded stack adds to Next itself.
 * Targets (issue 2): warm < 15 s, cold < 2 min on 2 cores.
 * Note: the cold case deletes `.next`; it is rebuilt by the run itself.
 */

const projectDir = process.cwd();
const WARM_RUNS = 5;

async function timeToReady(options: StackOptions): Promise<number> {
  const started = performance.now();
  const proc = spawnStart(stackEnv(options));
  await waitForReady(`http://127.0.0.1:${options.port}`, proc, 300_000);
  const elapsed = performance.now() - started;
  proc.child.kill("SIGTERM");
  await proc.exited;
  return elapsed;
}

async function plainNextStart(): Promise<number> {
  const port = await freePort();
  const nextBin = createRequire(path.join(projectDir, "package.json")).resolve("next/dist/bin/next");
  const started = performance.now();
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: projectDir,
    stdio: "ignore",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const proc = { child, output: () => "", exited: exited as Promise<number | null> };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (Date.now() > deadline) throw new Error("next start did not answer /health");
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const elapsed = performance.now() - started;
  child.kill("SIGTERM");
  await proc.exited;
  return elapsed;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

await rm(path.join(projectDir, ".next"), { recursive: true, force: true });
const coldOptions = await stackOptions();
const cold = await timeToReady(coldOptions);
await removeHome(coldOptions.home);

const firstOptions = await stackOptions();
const firstRun = await timeToReady(firstOptions);

const warm: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) warm.push(await timeToReady({ ...firstOptions, port: await freePort() }));
await removeHome(firstOptions.home);

const baseline: number[] = [];
for (let i = 0; i < WARM_RUNS; i++) baseline.push(await plainNextStart());

const warmMedian = median(warm);
const baselineMedian = median(baseline);
console.log("npm start → /health/ready 200");
console.log(
  `  cold (fresh home, no build)       ${seconds(cold)}   target < 120 s  ${cold < 120_000 ? "met" : "MISSED"}`,
);
console.log(`  first run (fresh home, built)     ${seconds(firstRun)}`);
console.log(
  `  warm (median of ${WARM_RUNS})               ${seconds(warmMedian)}   target < 15 s   ${warmMedian < 15_000 ? "met" : "MISSED"}   runs: ${warm.map(seconds).join(", ")}`,
);
console.log(`  baseline: plain next start → /health (median of ${WARM_RUNS})  ${seconds(baselineMedian)}`);
console.log(`  warm / baseline ratio             ${(warmMedian / baselineMedian).toFixed(2)}×`);
