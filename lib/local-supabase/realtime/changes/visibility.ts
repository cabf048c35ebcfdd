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
 * @param keys primary-key values (text, as streamed) of the inserted/updated rows to check,
 *             by batch position; rows that need no check are absent.
 */
export async function judgeRole(
  pool: pg.Pool,
  table: TableInfo,
  claims: RealtimeClaims,
  keys: Map<number, Record<string, string | null>>,
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
    await client.query("BEGIN");
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
