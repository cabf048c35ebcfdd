import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "@/lib/db/migrations";
import { freePort } from "@/lib/embedded/ports";
import { initialiseCluster, startPostgres } from "@/lib/embedded/postgres";

export interface TempPostgres {
  /** Connection URL of the database owner (bypasses RLS: for setup and assertions only). */
  url: string;
  stop(): Promise<void>;
}

const projectDir = path.resolve(import.meta.dirname, "..", "..");

/** A throwaway embedded PostgreSQL with every migration applied, removed on stop. */
export async function startTempPostgres({ migrate = true } = {}): Promise<TempPostgres> {
  const home = mkdtempSync(path.join(os.tmpdir(), "busymate-pg-"));
  const options = { dataDir: path.join(home, "postgres"), port: await freePort(), password: "test-only-password" };
  await initialiseCluster(options);
  const server = await startPostgres(options);
  try {
    if (migrate) await applyMigrations(server.url, projectDir);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    async stop() {
      await server.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}
