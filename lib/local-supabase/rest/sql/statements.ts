import type { ReadNode } from "../plan/types";
import type { Preferences } from "../request/preferences";
import type { ResponseMedia } from "../request/media";
import { isAllRows } from "../request/range";
import type { Routine } from "../schema-cache/types";
import { returnsScalar } from "./call";
import { countSql, readSql } from "./read";
import { arrayLiteral, type Params } from "./params";

/**
 * The one statement each request runs (PostgREST's `Statements.hs`): the rows in a CTE,
 * aggregated by PostgreSQL into the response body, with the page size, the total when a
 * count was asked for, and the `response.headers` / `response.status` settings.
 */

export type BodyHandler = ResponseMedia | { kind: "none" };

export interface MainRow {
  total_result_set: string | null;
  page_total: string;
  body: string | null;
  response_headers: string | null;
  response_status: string | null;
  response_inserted: string | null;
  header?: string[] | null;
}

/** The `json_agg` (or CSV) that turns `_postgrest_t` rows into the body. */
function bodyHandlerSql(handler: BodyHandler, routine?: Routine): string {
  if (handler.kind === "none" || routine?.returns.void) return "''::text";
  if (handler.kind === "csv") {
    const header =
      "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text as k FROM ( SELECT row_to_json(hh) as r from pgrst_source as hh limit 1) s) a)";
    return `${header} || '\n' || coalesce(string_agg(substring(_postgrest_t::text, 2, length(_postgrest_t::text) - 2), '\n'), '')`;
  }
  const scalar = routine ? returnsScalar(routine) : false;
  const aggregated = scalar ? "json_agg(_postgrest_t.pgrst_scalar)" : "json_agg(_postgrest_t)";
  const strip = (sql: string) => (handler.stripNulls ? `json_strip_nulls(${sql})` : sql);
  const singleResult = handler.kind === "single" || (routine && !routine.returns.setOf);
  return singleResult
    ? `coalesce(${strip(`${aggregated}->0`)}, 'null')::text`
    : `coalesce(${strip(aggregated)}, '[]')::text`;
}

const RESPONSE_SETTINGS =
  "nullif(current_setting('response.headers', true), '') AS response_headers, nullif(current_setting('response.status', true), '') AS response_status";

/** The exact count: a separate CTE when a range or `db-max-rows` would cut the page short. */
function countParts(
  root: ReadNode,
  prefs: Preferences,
  maxRows: number | null,
  pageCount: string,
  params: Params,
  schemaSql: (t: string) => string,
) {
  const shouldCount = prefs.count === "exact" || prefs.count === "estimated";
  if (!shouldCount) return { cte: "", total: "null::bigint" };
  if (maxRows === null && isAllRows(root.range)) return { cte: "", total: pageCount };
  const limit = prefs.count === "estimated" && maxRows !== null ? ` LIMIT ${maxRows + 1}` : "";
  return {
    cte: `, pgrst_source_count AS (${countSql(root, params, schemaSql)}${limit})`,
    total: "(SELECT pg_catalog.count(*) FROM pgrst_source_count)",
  };
}

export function mainReadSql(
  root: ReadNode,
  prefs: Preferences,
  maxRows: number | null,
  handler: BodyHandler,
  params: Params,
  schemaSql: (t: string) => string,
): string {
  const source = readSql(root, params, schemaSql);
  const pageCount = "pg_catalog.count(_postgrest_t)";
  const count = countParts(root, prefs, maxRows, pageCount, params, schemaSql);
  return (
    `WITH pgrst_source AS ( ${source} ) ${count.cte} SELECT ${count.total} AS total_result_set, ${pageCount} AS page_total, ` +
    `${bodyHandlerSql(handler)} AS body, ${RESPONSE_SETTINGS}, '' AS response_inserted FROM ( SELECT * FROM pgrst_source ) _postgrest_t`
  );
}

export function mainCallSql(
  routine: Routine,
  call: string,
  root: ReadNode,
  prefs: Preferences,
  handler: BodyHandler,
  params: Params,
  schemaSql: (t: string) => string,
): string {
  const pageCount = routine.returns.setOf ? "pg_catalog.count(_postgrest_t)" : "1";
  const shouldCount = prefs.count === "exact" || prefs.count === "estimated";
  const count = shouldCount
    ? {
        cte: `, pgrst_source_count AS (${countSql(root, params, schemaSql)})`,
        total: "(SELECT pg_catalog.count(*) FROM pgrst_source_count)",
      }
    : { cte: "", total: "null::bigint" };
  return (
    `WITH pgrst_source AS (${call}) ${count.cte} SELECT ${count.total} AS total_result_set, ${pageCount} AS page_total, ` +
    `${bodyHandlerSql(handler, routine)} AS body, ${RESPONSE_SETTINGS}, '' AS response_inserted FROM (${readSql(root, params, schemaSql)}) _postgrest_t`
  );
}

export interface WriteOptions {
  /** Read the rows back through the read plan (only with `return=representation`). */
  representation: boolean;
  /** The primary key columns, for the `Location` of `return=headers-only` inserts. */
  locationKeys?: string[];
  /** Whether `pgrst.inserted` counts the rows an upsert inserted (merge-duplicates). */
  countInserted: boolean;
}

export function mainWriteSql(
  mutation: string,
  root: ReadNode,
  handler: BodyHandler,
  options: WriteOptions,
  params: Params,
  schemaSql: (t: string) => string,
): string {
  const select = options.representation ? readSql(root, params, schemaSql) : "SELECT * FROM pgrst_source";
  const location = options.locationKeys
    ? `CASE WHEN pg_catalog.count(_postgrest_t) = 1 THEN coalesce((WITH data AS (SELECT row_to_json(_) AS row FROM pgrst_source AS _ LIMIT 1) ` +
      `SELECT array_agg(json_data.key || '=' || coalesce('eq.' || json_data.value, 'is.null')) FROM data CROSS JOIN json_each_text(data.row) AS json_data ` +
      `WHERE json_data.key = ANY (${params.add(arrayLiteral(options.locationKeys))}::text[])), array[]::text[]) ELSE array[]::text[] END`
    : "array[]::text[]";
  const inserted = options.countInserted ? "nullif(current_setting('pgrst.inserted', true),'')::int" : "null::int";
  return (
    `WITH pgrst_source AS (${mutation}) SELECT '' AS total_result_set, pg_catalog.count(_postgrest_t) AS page_total, ${location} AS header, ` +
    `${bodyHandlerSql(options.representation ? handler : { kind: "none" })} AS body, ${RESPONSE_SETTINGS}, ${inserted} AS response_inserted FROM (${select}) _postgrest_t`
  );
}

/** `count=planned` / `estimated`: the planner's row estimate for the count query. */
export function explainCountSql(root: ReadNode, params: Params, schemaSql: (t: string) => string): string {
  return `EXPLAIN (FORMAT JSON) ${countSql(root, params, schemaSql)}`;
}
