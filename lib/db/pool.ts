import "server-only";
import pg from "pg";
import { serverConfig } from "@/lib/config";

/**
 * The app's one PostgreSQL pool. It connects as the database owner, which bypasses RLS, so
 * the rule is: work done for a person or a device always goes through `withClaims` (operations,
 * pairing), which switches to the caller's role and claims for its transaction; the owner's
 * own rights serve only what no request role may reach (identity state in busymate_identity,
 * rate limits, health checks). Kept on globalThis because Next bundles each route separately
 * and the custom server is another module graph in the same process; one pool means one
 * connection budget and one close.
 */
const KEY = Symbol.for("busymate.ownerPool");
const holder = globalThis as typeof globalThis & { [KEY]?: pg.Pool };

export const OWNER_POOL_MAX = 15;

export function ownerPool(): pg.Pool {
  let pool = holder[KEY];
  if (!pool) {
    pool = new pg.Pool({
      connectionString: serverConfig().DATABASE_URL,
      max: OWNER_POOL_MAX,
      connectionTimeoutMillis: 3000,
      query_timeout: 15_000,
      idleTimeoutMillis: 30_000,
      application_name: "busymate-app",
    });
    // An idle client whose server went away (restart, shutdown) is dropped by the pool;
    // without a listener that would crash the process.
    pool.on("error", (error) => console.warn(`[busymate] idle database connection lost: ${error.message}`));
    holder[KEY] = pool;
  }
  return pool;
}

export async function closeOwnerPool(): Promise<void> {
  const pool = holder[KEY];
  holder[KEY] = undefined;
  await pool?.end();
}
