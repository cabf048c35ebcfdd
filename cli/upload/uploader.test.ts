import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import type { TrafficLogEntry } from "../../lib/capture/traffic-log-entry";
import { freePort } from "../../lib/embedded/ports";
import { waitFor } from "../testing/faults";
import { DeviceSession } from "../server/device-session";
import { listSegments } from "./spool";
import { Uploader } from "./uploader";

/**
 * The spool refusing writes, unprivileged and for real: its directory sits below a regular
 * file, so every write fails in the kernel (ENOTDIR) until that file goes, the same path a
 * full disk takes (ENOSPC on a real small file system: lib/testing/faults/full-disk.test.ts).
 * The server is a closed port, so nothing can be uploaded meanwhile: the captures exist only
 * in memory, and must all reach the disk once it takes them.
 */

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const entry = (n: number) =>
  ({
    id: randomUUID(),
    startedAt: new Date().toISOString(),
    source: "cli",
    request: { method: "GET", url: `https://api.example/held/${n}`, httpVersion: "HTTP/1.1", headers: [] },
  }) as unknown as TrafficLogEntry;

it("holds captures the spool cannot write in memory, says so once, and writes them all once it can", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "busymate-spool-"));
  dirs.push(dir);
  const blocker = path.join(dir, "blocked");
  const spoolDir = path.join(blocker, "spool");
  const closed = `http://127.0.0.1:${await freePort()}`;
  const session = new DeviceSession({
    server: closed,
    supabase_url: closed,
    publishable_key: "sb_publishable_unused",
    token_endpoint: `${closed}/api/devices/token`,
    device_uuid: randomUUID(),
    credential: "bmd_unused",
    paired_at: new Date().toISOString(),
  });
  const uploader = new Uploader({ spoolDir, session, segmentMs: 10 });
  const problems: string[] = [];
  const recovered: string[] = [];
  uploader.on("problem", (message: string) => problems.push(message));
  uploader.on("spool-recovered", (message: string) => recovered.push(message));
  await uploader.start();
  // After the start (which finds no spool yet): from here on the kernel refuses every write.
  writeFileSync(blocker, "");
  try {
    for (let n = 0; n < 3; n++) uploader.add(entry(n));
    await waitFor(() => problems.length > 0, "the spool's report");
    for (let n = 3; n < 5; n++) uploader.add(entry(n));
    expect(problems[0]).toMatch(
      /^cannot write the spool in .*blocked\/spool: ENOTDIR.*; 3 captures are held in memory/,
    );

    await rm(blocker);
    uploader.add(entry(5));
    await waitFor(() => recovered.length > 0, "the spool written again");
    const segments = await listSegments(spoolDir);
    expect(segments.reduce((sum, segment) => sum + segment.count, 0)).toBe(6);
    expect(problems).toHaveLength(1);
    expect(uploader.stats).toMatchObject({ captured: 6, pending: 6, uploaded: 0 });
  } finally {
    await uploader.stop();
  }
});
