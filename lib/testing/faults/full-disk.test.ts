import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmdirSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appReady, captureRow, deviceClient, pairInProcess, waitFor, type PairedDevice } from "@/cli/testing/faults";
import { startCliStack, type CliStack } from "@/cli/testing/stack";
import { Uploader } from "@/cli/upload/uploader";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { openLogFile } from "@/lib/embedded/log-file";

/**
 * A full disk, for real: the launcher's logs and the CLI's spool meet ENOSPC from the kernel,
 * say so in plain words, lose no capture, and carry on once space returns. /dev/full gives
 * ENOSPC on any Linux; a whole BUSYMATE_HOME filling up needs a small file system, a tmpfs
 * mounted with size=…, which only root may mount — elsewhere that part is skipped, saying why.
 */

describe("a log file on a device that is full (/dev/full)", () => {
  it.skipIf(process.platform !== "linux")("reports ENOSPC once, in plain words, and never throws", async () => {
    const said: string[] = [];
    const log = openLogFile("/dev/full", (line) => said.push(line));
    for (let n = 0; n < 50; n++) log.write(`line ${n}\n`);
    await waitFor(() => said.length > 0, "the report of the refused write", 10_000);
    for (let n = 0; n < 50; n++) log.write(`more ${n}\n`);
    await log.close();
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/cannot write \/dev\/full: no space left on the device \(ENOSPC\)/);
  });
});

/** Mounts a tmpfs of `size` on a fresh directory, or says why it cannot. */
function mountSmallFilesystem(size: string): { dir: string } | { reason: string } {
  if (process.platform !== "linux") return { reason: `tmpfs needs Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { reason: "mounting a small tmpfs needs root (the test runs unprivileged)" };
  const dir = mkdtempSync(path.join(os.tmpdir(), "busymate-full-"));
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0755`, "tmpfs", dir], { stdio: "pipe" });
    return { dir };
  } catch (error) {
    rmdirSync(dir);
    return { reason: `mount -t tmpfs failed: ${String((error as { stderr?: Buffer }).stderr ?? error).trim()}` };
  }
}

function unmount(dir: string): void {
  try {
    execFileSync("umount", [dir], { stdio: "pipe" });
  } catch {
    // Something still holds a file there (a server slow to exit): detach it now, freed when it lets go.
    execFileSync("umount", ["-l", dir], { stdio: "pipe" });
  }
  rmdirSync(dir);
}

/** Fills the file system holding `file` to the last byte; returns the bytes written. */
async function fill(file: string): Promise<number> {
  const handle = await open(file, "w");
  let written = 0;
  try {
    for (let chunk = 4 * 1024 * 1024; chunk >= 512;) {
      try {
        await handle.write(Buffer.alloc(chunk, 0x61));
        written += chunk;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
        chunk /= 2;
      }
    }
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close().catch(() => undefined);
  }
  return written;
}

const small = mountSmallFilesystem("8m");
if ("reason" in small) console.log(`[faults] full-disk tests on a small file system skipped: ${small.reason}`);
else unmount(small.dir);

describe.skipIf("reason" in small)("a log file on a file system that fills up and empties again", () => {
  it("drops lines while full, reports it once, and says when it writes again", async () => {
    const mounted = mountSmallFilesystem("2m") as { dir: string };
    try {
      const said: string[] = [];
      let clock = 0;
      const file = path.join(mounted.dir, "local-supabase.log");
      const log = openLogFile(
        file,
        (line) => said.push(line),
        () => clock,
      );
      log.write("before\n");
      const filler = path.join(mounted.dir, "filler");
      await waitFor(() => readFileSync(file, "utf8") === "before\n", "the first line on disk");
      await fill(filler);
      // Lines big enough that the page cache cannot take them either.
      for (let n = 0; n < 8; n++) log.write(`${"x".repeat(64 * 1024)} full ${n}\n`);
      await waitFor(() => said.length > 0, "the report of the full disk", 10_000);
      expect(said[0]).toMatch(/no space left on the device \(ENOSPC\) — free some space/);
      await rm(filler);
      clock += 1_001;
      log.write("after\n");
      await waitFor(() => said.length > 1, "the report of the recovery", 10_000);
      expect(said[1]).toMatch(/local-supabase\.log is writable again \(\d+ log lines were dropped/);
      await log.close();
      expect(readFileSync(file, "utf8")).toMatch(/^before\n[\s\S]*after\n$/);
      expect(said).toHaveLength(2);
    } finally {
      unmount(mounted.dir);
    }
  });
});

describe.skipIf("reason" in small)("a full BUSYMATE_HOME under a running stack", () => {
  let mountDir: string;
  let harness: CliStack;
  let device: PairedDevice;
  let uploader: Uploader;
  const problems: string[] = [];
  const recovered: string[] = [];

  beforeAll(async () => {
    mountDir = (mountSmallFilesystem("700m") as { dir: string }).dir;
    const home = path.join(mountDir, "home");
    mkdirSync(home);
    harness = await startCliStack(home);
    const configDir = path.join(mountDir, "cli");
    mkdirSync(configDir, { mode: 0o700 });
    device = await pairInProcess(harness, "disk laptop", configDir);
    uploader = new Uploader({ spoolDir: path.join(configDir, "spool"), session: device.session, segmentMs: 50 });
    uploader.on("problem", (message: string) => problems.push(message));
    uploader.on("spool-recovered", (message: string) => recovered.push(message));
    await uploader.start();
  });

  afterAll(async () => {
    if (process.env.FAULTS_DEBUG) {
      console.log(harness?.stack.output().slice(-3000));
      console.log(readFileSync(path.join(mountDir, "home", "postgres.log"), "utf8").slice(-5000));
    }
    // Space first: PostgreSQL's shutdown checkpoint needs it.
    if (mountDir) await rm(path.join(mountDir, "filler"), { force: true });
    await uploader?.stop();
    await harness?.close();
    if (mountDir) unmount(mountDir);
  });

  const add = (label: string, count: number) => {
    const ids: string[] = [];
    for (let n = 0; n < count; n++) {
      const { id, row } = captureRow(device.uuid, `https://api.example/disk?case=${label}-${n}`);
      uploader.add(row.payload as unknown as TrafficLogEntry);
      ids.push(id);
    }
    return ids;
  };
  const stored = async () =>
    new Map(
      (
        await harness.owner.query<{ capture_id: string; n: number }>(
          "SELECT capture_id::text, count(*)::int AS n FROM public.entries WHERE device_uuid = $1 GROUP BY 1",
          [device.uuid],
        )
      ).rows.map((row) => [row.capture_id, row.n]),
    );

  it("is reported clearly, loses no capture, and everything works again once space returns", async () => {
    const before = add("before", 20);
    await waitFor(async () => {
      const rows = await stored();
      return before.every((id) => rows.get(id) === 1);
    }, "the first captures uploaded");

    const filler = path.join(mountDir, "filler");
    await fill(filler);

    // The CLI's spool: the kernel refuses the segment; the captures are held and still uploaded.
    const whileFull = add("full", 50);
    await waitFor(() => problems.length > 0, "the spool's report of the full disk", 20_000);
    expect(problems[0]).toMatch(
      /^cannot write the spool in .*: no space left on the disk \(ENOSPC[^)]*\): free some space; \d+ captures are held in memory/,
    );
    // Held in memory, they go up as soon as the server takes them (checked below, after space returns).

    // The stand-in logs each request to BUSYMATE_HOME: the launcher says the disk is full and keeps serving.
    await waitFor(
      () => /cannot write .*local-supabase\.log: no space left on the device \(ENOSPC\)/.test(harness.stack.output()),
      "the launcher's report of the full home",
      20_000,
    );
    // A batch PostgreSQL cannot make room for: refused (53100, "could not extend file"), or, when
    // its WAL cannot grow, PostgreSQL PANICs and the launcher waits for space. Never a 2xx for rows
    // that are not stored.
    const big = Array.from({ length: 200 }, (_, n) => {
      const { row } = captureRow(device.uuid, `https://api.example/disk?case=big-${n}`);
      // A valid capture (the ingest check refuses unknown keys) whose response body is the filler.
      const filler = "z".repeat(20_000);
      const body = { encoding: "text", content: filler, size: filler.length, truncated: false };
      return { ...row, payload: { ...row.payload, response: { ...row.payload.response, body } } };
    });
    const supabase = deviceClient(device);
    const upsertBig = () =>
      supabase.from("entries").upsert(big, { onConflict: "capture_id,ts", ignoreDuplicates: true });
    const refused = await upsertBig();
    expect(refused.error).not.toBeNull();
    console.log(`[faults] a 4 MB upload on the full home: ${refused.error?.code} ${refused.error?.message}`);
    const reports = harness.stack.output();
    const postgresDown = /PostgreSQL exited unexpectedly/.test(reports);
    if (postgresDown)
      await waitFor(
        () => /PostgreSQL cannot start: no space left on the disk holding/.test(harness.stack.output()),
        "the launcher's report that PostgreSQL waits for space",
        30_000,
      );
    else
      expect(refused.error).toMatchObject({ code: "53100", message: expect.stringMatching(/No space left on device/) });

    // Space returns: everything comes back by itself.
    await rm(filler);
    const afterIds = add("after", 20);
    await waitFor(() => appReady(harness.stack.appUrl), "/health/ready 200", 90_000);
    await waitFor(() => recovered.length > 0, "the spool's recovery", 30_000);
    await waitFor(async () => !(await upsertBig()).error, "the big upload accepted", 60_000);
    await waitFor(
      async () => {
        const rows = await stored();
        return [...before, ...whileFull, ...afterIds].every((id) => rows.get(id) === 1) && uploader.stats.pending === 0;
      },
      "every capture stored once",
      60_000,
    );
    const rows = await stored();
    expect([...rows.values()].filter((n) => n !== 1)).toEqual([]);
    expect(
      (await harness.owner.query("SELECT count(*)::int AS n FROM public.entries WHERE url LIKE '%case=big-%'")).rows,
    ).toEqual([{ n: 200 }]);
    await waitFor(
      () => /local-supabase\.log is writable again/.test(harness.stack.output()),
      "the launcher's recovery",
    );
    expect(harness.stack.child.exitCode).toBeNull();
    await supabase.removeAllChannels();
  }, 300_000);
});
