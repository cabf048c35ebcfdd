import { mkdtempSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquireHomeLock, AlreadyRunningError } from "@/lib/embedded/home-lock";

const tempHome = () => mkdtempSync(path.join(os.tmpdir(), "busymate-lock-"));

describe("home lock", () => {
  it("refuses a second holder while the first one lives", async () => {
    const home = tempHome();
    // A lock file naming a live process that is not us (our parent) must be respected.
    await writeFile(path.join(home, "busymate.pid"), String(process.ppid));
    await expect(acquireHomeLock(home)).rejects.toThrow(AlreadyRunningError);
    await expect(acquireHomeLock(home)).rejects.toThrow(
      `already running on BUSYMATE_HOME=${home} (pid ${process.ppid})`,
    );
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    const home = tempHome();
    await writeFile(path.join(home, "busymate.pid"), "2147483646");
    const lock = await acquireHomeLock(home);
    await lock.release();
    const again = await acquireHomeLock(home);
    await again.release();
  });
});
