import type pg from "pg";
import { isDatabaseRole, type RealtimeClaims } from "../tokens";
import type { TableInfo } from "./catalog";
import { SELECTABLE_COLUMNS_SQL, visibleRowsSql } from "./sql";

/**
 * What one subscriber role may see of a batch of changes to one table, decided as
 * Supabase's `realtime.apply_rls` decides it: column privileges pick the columns; a table
 * without a primary key, or whose key the role cannot select, yields an error payload; with
 * RLS on, each inserted or updated row is re-selected by primary key as that role with those
 * claims, after commit. Deletes are not RLS-checked (the row is gone), so with RLS on they
 * carry only the primary key.
 */
export type RoleVerdict =
  | { kind: "error"; error: string }
  | {
      kind: "visible";
      /** Names of the columns the role may SELECT, in attnum order. */
      columns: Set<string>;
      /** Positions (0-based, in the batch) of the rows RLS lets the role see; all when no RLS. */
      visibleRows: Set<number> | "all";
    };

export const ERROR_NO_PRIMARY_KEY = "Error 400: Bad Request, no primary key";
export const ERROR_UNAUTHORIZED = "Error 401: Unauthorized";
export const ERROR_RLS_FAILED = "Error 500: Internal Server Error, RLS policy evaluation failed";

/**
 * Whether the transaction `$1` (a 32-bit xid, as pgoutput sends it) is visible in this
 * transaction's snapshot. The xid is widened to the xid8 nearest the snapshot's xmax, which is
 * exact while it is within 2^31 transactions of now (PostgreSQL's own wraparound bound).
 */
const COMMITTED_IN_SNAPSHOT_SQL = `
  SELECT pg_visible_in_snapshot(
           (xmax + ((($1::bigint - (xmax & 4294967295) + 2147483648) % 4294967296 + 4294967296) % 4294967296) - 2147483648)::text::xid8,
           snapshot) AS visible
  FROM (SELECT s AS snapshot, pg_snapshot_xmax(s)::text::bigint AS xmax FROM pg_current_snapshot() AS s) AS current`;

/** Longest wait for a streamed commit to become visible; it normally takes microseconds. */
const VISIBILITY_WAIT_MS = 10_000;

/**
 * Opens a REPEATABLE READ transaction on `client` whose snapshot sees transaction `xid`.
 *
 * The walsender streams a commit as soon as its WAL record is flushed, but the committing
 * backend leaves the list of running transactions only a moment later: a snapshot taken in
 * between still counts the transaction as in progress, so a re-select of its rows as the
 * subscriber finds nothing and the change would be dropped without a trace. So the snapshot
 * every RLS query of the check shares is taken first and tested; until it sees the commit,
 * it is taken again.
 */
async function beginSeeing(client: pg.PoolClient, xid: number): Promise<void> {
  const deadline = Date.now() + VISIBILITY_WAIT_MS;
  for (let wait = 0; ; wait = Math.min(wait * 2 || 1, 20)) {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
    const { rows } = await client.query<{ visible: boolean }>(COMMITTED_IN_SNAPSHOT_SQL, [xid]);
    if (rows[0].visible) return;
    await client.query("ROLLBACK");
    if (Date.now() > deadline)
      throw new Error(`transaction ${xid} is not visible ${VISIBILITY_WAIT_MS} ms after its commit was streamed`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/**
 * @param xid the transaction that made the changes: the check runs in a snapshot that sees it.
 * @param keys primary-key values (text, as streamed) of the inserted/updated rows to check,
 *             by batch position; rows that need no check are absent.
 */
export async function judgeRole(
  pool: pg.Pool,
  table: TableInfo,
  claims: RealtimeClaims,
  keys: Map<number, Record<string, string | null>>,
  xid: number,
  log: (line: string) => void,
): Promise<RoleVerdict> {
  if (!isDatabaseRole(claims.role)) return { kind: "error", error: ERROR_UNAUTHORIZED };
  const { rows } = await pool.query<{ name: string }>(SELECTABLE_COLUMNS_SQL, [table.relid, claims.role]);
  const columns = new Set(rows.map((row) => row.name));
  if (keys.size > 0) {
    if (table.primaryKey.length === 0) return { kind: "error", error: ERROR_NO_PRIMARY_KEY };
    if (!table.primaryKey.every((name) => columns.has(name))) return { kind: "error", error: ERROR_UNAUTHORIZED };
  }
  if (!table.rlsEnabled || keys.size === 0) return { kind: "visible", columns, visibleRows: "all" };

  const positions = [...keys.keys()];
  const client = await pool.connect();
  try {
    await beginSeeing(client, xid);
    await client.query(
      "SELECT set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('request.jwt.claim.sub', $3, true), set_config('request.jwt.claim.role', $1, true)",
      [claims.role, JSON.stringify(claims), typeof claims.sub === "string" ? claims.sub : ""],
    );
    const result = await client.query<{ position: number }>(visibleRowsSql(table), [
      JSON.stringify(positions.map((position) => keys.get(position))),
    ]);
    return { kind: "visible", columns, visibleRows: new Set(result.rows.map((row) => positions[row.position - 1])) };
  } catch (error) {
    log(`realtime: RLS check on ${table.qualified} as ${claims.role} failed: ${(error as Error).message}`);
    return { kind: "error", error: ERROR_RLS_FAILED };
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    client.release();
  }
}
