import pg from "pg";
import { serverConfig } from "@/lib/config";

/**
 * A pool that connects as the database owner and so BYPASSES row-level security.
 * Only for health checks, workers and migrations: never for work done on a user's behalf.
 * Kept on globalThis because Next bundles routes separately and module state is not shared.
 */
const globalForPool = globalThis as typeof globalThis & { __busymateServicePool?: pg.Pool };

export function servicePoolBypassingRls(): pg.Pool {
  if (!globalForPool.__busymateServicePool) {
    const pool = new pg.Pool({
      connectionString: serverConfig().DATABASE_URL,
      max: 5,
      connectionTimeoutMillis: 3000,
      query_timeout: 5000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client whose server went away (restart, shutdown) is dropped by the pool;
    // without a listener that would crash the process.
    pool.on("error", (error) => console.warn(`[busymate] idle database connection lost: ${error.message}`));
    globalForPool.__busymateServicePool = pool;
  }
  return globalForPool.__busymateServicePool;
}

export async function closeServicePool(): Promise<void> {
  const pool = globalForPool.__busymateServicePool;
  globalForPool.__busymateServicePool = undefined;
  await pool?.end();
}
