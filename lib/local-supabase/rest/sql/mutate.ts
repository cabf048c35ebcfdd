import type { PlanLogic } from "../plan/types";
import type { Table } from "../schema-cache/types";
import { bodySql, type BodySource } from "./body";
import { filterSql, logicSql } from "./fragments";
import { ident, qualified, type Params } from "./params";

/** INSERT / UPDATE / DELETE (PostgREST's `mutatePlanToQuery`). */

export interface MutationPlan {
  kind: "insert" | "update" | "delete";
  table: Table;
  body?: BodySource;
  /** Root filters (and logic trees) of PATCH and DELETE. */
  where: PlanLogic[];
  /** Columns the response needs back: `*`, some, or none (then `RETURNING 1` counts rows). */
  returning: string[];
  onConflict?: { resolution: "merge-duplicates" | "ignore-duplicates"; columns: string[] };
  /** PUT: the URL's primary key filters, checked against the body's row. */
  putConditions?: PlanLogic[];
  applyDefaults: boolean;
}

/** Counts inserted (vs. merged) rows of an upsert in a transaction-local setting. */
function insertedCounter(add: boolean): string {
  const [symbol, sentinel] = add ? ["+", "0"] : ["-", "-1"];
  return `set_config('pgrst.inserted', (coalesce(nullif(current_setting('pgrst.inserted', true), '')::int, 0) ${symbol} 1)::text, true) <> '${sentinel}'`;
}

function returningSql(tableSql: string, returning: string[]): string {
  if (returning.length === 0) return "RETURNING 1";
  return `RETURNING ${returning.map((column) => (column === "*" ? `${tableSql}.*` : `${tableSql}.${ident(column)}`)).join(", ")}`;
}

function whereSql(tableSql: string, where: PlanLogic[], params: Params): string {
  if (where.length === 0) return "";
  return ` WHERE ${where.map((tree) => logicSql(tree, params, (filter) => filterSql(tableSql, filter, params))).join(" AND ")}`;
}

export function mutationSql(plan: MutationPlan, params: Params): string {
  const tableSql = qualified(plan.table.schema, plan.table.name);
  const columns = plan.body?.columns ?? [];
  switch (plan.kind) {
    case "insert": {
      const body = plan.body as BodySource;
      const columnList = columns.length ? `(${columns.map((column) => ident(column.name)).join(", ")}) ` : " ";
      const merge = plan.onConflict?.resolution === "merge-duplicates";
      const put = plan.putConditions?.length ? plan.putConditions : undefined;
      let conflict = "";
      if (plan.onConflict && plan.onConflict.columns.length > 0) {
        const target = plan.onConflict.columns.map(ident).join(", ");
        const update =
          plan.onConflict.resolution === "ignore-duplicates" || columns.length === 0
            ? "DO NOTHING"
            : `DO UPDATE SET ${columns.map((column) => `${ident(column.name)} = EXCLUDED.${ident(column.name)}`).join(", ")}${merge || put ? ` WHERE ${insertedCounter(false)}` : ""}`;
        conflict = ` ON CONFLICT(${target}) ${update}`;
      }
      const source = bodySql(body, params, { includeSelect: true, limitOne: false, applyDefaults: plan.applyDefaults });
      const putWhere = put
        ? ` AND ${put.map((tree) => logicSql(tree, params, (filter) => filterSql('"pgrst_body"', filter, params))).join(" AND ")}`
        : "";
      const counted = merge || put ? `WHERE ${insertedCounter(true)}${putWhere}` : "";
      return `INSERT INTO ${tableSql}${columnList}${source}${counted}${conflict} ${returningSql(tableSql, plan.returning)}`;
    }
    case "update": {
      if (columns.length === 0) {
        // Nothing to set: read the (empty) row shape so `select=` still resolves.
        const shortName = ident(plan.table.name);
        const selected = plan.returning.length
          ? plan.returning
              .map((column) => (column === "*" ? `${shortName}.*` : `${shortName}.${ident(column)}`))
              .join(", ")
          : "NULL";
        return `SELECT ${selected} FROM ${tableSql} WHERE false`;
      }
      const assignments = columns
        .map((column) => `${ident(column.name)} = "pgrst_body".${ident(column.name)}`)
        .join(", ");
      const source = bodySql(plan.body as BodySource, params, {
        includeSelect: false,
        limitOne: false,
        applyDefaults: plan.applyDefaults,
      });
      return `UPDATE ${tableSql} SET ${assignments} ${source}${whereSql(tableSql, plan.where, params)} ${returningSql(tableSql, plan.returning)}`;
    }
    case "delete":
      return `DELETE FROM ${tableSql} ${whereSql(tableSql, plan.where, params)} ${returningSql(tableSql, plan.returning)}`;
  }
}
