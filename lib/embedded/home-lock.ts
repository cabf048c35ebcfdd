import { open, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { processAlive } from "./postgres";

export class AlreadyRunningError extends Error {}

export interface HomeLock {
  release(): Promise<void>;
}

/**
 * One launcher per BUSYMATE_HOME. The lock file is created exclusively (`wx`) so two
 * starts racing each other cannot both win; a lock left by a process that no longer
 * exists (killed, machine restarted) is taken over.
 */
export async function acquireHomeLock(home: string): Promise<HomeLock> {
  const file = path.join(home, "busymate.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
      if (holder && holder !== process.pid && processAlive(holder)) {
        throw new AlreadyRunningError(
          `Busymate is already running on BUSYMATE_HOME=${home} (pid ${holder}). Stop it first, or set BUSYMATE_HOME to another directory.`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new AlreadyRunningError(`Could not take the lock ${file}; another start is racing this one.`);
}
