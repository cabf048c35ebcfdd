import pg from "pg";
import { serverConfig } from "@/lib/config";

/**
 * The pool operations run on for people (MCP, BusyBro). It connects as the database owner, but
 * every use goes through `runOperation` → `withClaims`, which switches to the caller's role and
 * claims for the transaction, so RLS binds all of it. Kept on globalThis because Next bundles
 * route handlers separately.
 */
const globalForPool = globalThis as typeof globalThis & { __busymateOperationsPool?: pg.Pool };

export function operationsPool(): pg.Pool {
  if (!globalForPool.__busymateOperationsPool) {
    const pool = new pg.Pool({
      connectionString: serverConfig().DATABASE_URL,
      max: 10,
      connectionTimeoutMillis: 3000,
      query_timeout: 15_000,
      idleTimeoutMillis: 30_000,
      application_name: "busymate-operations",
    });
    pool.on("error", (error) => console.warn(`[busymate] idle operations connection lost: ${error.message}`));
    globalForPool.__busymateOperationsPool = pool;
  }
  return globalForPool.__busymateOperationsPool;
}
