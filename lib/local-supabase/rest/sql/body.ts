import type { Column } from "../schema-cache/types";
import { ident, typeName, type Params } from "./params";

/**
 * The request body as rows (PostgREST's `fromJsonBodyF`): the JSON goes in as ONE bound
 * parameter and `json_to_record(set)` turns it into typed columns, so values never touch the
 * SQL text. With `missing=default` the absent keys take the columns' defaults.
 */
export interface BodySource {
  json: string;
  isObject: boolean;
  /** The columns to read from the body (the keys, or `?columns=`). */
  columns: Column[];
}

/** Only catalog text (column names, default expressions) is ever written as a literal. */
function catalogLiteral(text: string): string {
  const escaped = `'${text.replaceAll("\0", "").replaceAll("'", "''")}'`;
  return text.includes("\\") ? `E${escaped.replaceAll("\\", "\\\\")}` : escaped;
}

export interface BodyOptions {
  /** Start with `SELECT "pgrst_body"."a", …` (an INSERT's source). */
  includeSelect: boolean;
  /** Read only the first row (a single call). */
  limitOne: boolean;
  applyDefaults: boolean;
}

export function bodySql(body: BodySource, params: Params, options: BodyOptions): string {
  const { columns, isObject } = body;
  const placeholder = `${params.add(body.json)}::${options.applyDefaults ? "jsonb" : "json"}`;
  const select = options.includeSelect
    ? `SELECT ${columns.map((column) => `"pgrst_body".${ident(column.name)}`).join(", ")} `
    : "";
  const from = `FROM (SELECT ${placeholder} AS json_data) pgrst_payload, `;
  let defaults = "";
  if (options.applyDefaults) {
    const pairs = columns
      .filter((column) => column.defaultExpr !== null)
      .map((column) => `${catalogLiteral(column.name)}, ${column.defaultExpr}`);
    const defaultsObject = `jsonb_build_object(${pairs.join(",")})`;
    defaults = isObject
      ? `LATERAL (SELECT ${defaultsObject} || pgrst_payload.json_data AS val) pgrst_json_defs, `
      : `LATERAL (SELECT jsonb_agg(${defaultsObject} || elem) AS val from jsonb_array_elements(pgrst_payload.json_data) elem) pgrst_json_defs, `;
  }
  const finalBody = options.applyDefaults ? "pgrst_json_defs.val" : "pgrst_payload.json_data";
  const prefix = options.applyDefaults ? "jsonb" : "json";
  const names = columns.map((column) => ident(column.name)).join(", ");
  const typed = columns.map((column) => `${ident(column.name)} ${typeName(column.type)}`).join(", ");
  const source =
    columns.length > 0
      ? `${prefix}_to_record${isObject ? "" : "set"}(${finalBody}) AS _(${typed}) ${options.limitOne ? "LIMIT 1" : ""}`
      : isObject
        ? "(values(1)) _ "
        : `${prefix}_array_elements(${finalBody}) _ `;
  return `${select}${from}${defaults}LATERAL (SELECT ${names} FROM ${source}) pgrst_body `;
}
