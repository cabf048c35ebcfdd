import pg from "pg";
import { serverConfig } from "@/lib/config";

/**
 * The connection the identity machinery uses for its own state (OAuth server storage, rate
 * limits, pairing codes, device credentials in `busymate_identity`). It connects as the
 * database owner because request roles cannot reach that schema; work done *for* a person
 * never goes through it but through `withClaims` with that person's token.
 * Kept on globalThis because Next bundles routes separately and the custom server (which
 * mounts the OAuth server) is another module graph in the same process.
 */
const globalForPool = globalThis as typeof globalThis & { __busymateIdentityPool?: pg.Pool };

export function identityPool(): pg.Pool {
  if (!globalForPool.__busymateIdentityPool) {
    const pool = new pg.Pool({
      connectionString: serverConfig().DATABASE_URL,
      max: 10,
      connectionTimeoutMillis: 3000,
      query_timeout: 5000,
      idleTimeoutMillis: 30_000,
      application_name: "busymate-identity",
    });
    pool.on("error", (error) => console.warn(`[busymate] idle identity connection lost: ${error.message}`));
    globalForPool.__busymateIdentityPool = pool;
  }
  return globalForPool.__busymateIdentityPool;
}

export async function closeIdentityPool(): Promise<void> {
  const pool = globalForPool.__busymateIdentityPool;
  globalForPool.__busymateIdentityPool = undefined;
  await pool?.end();
}
