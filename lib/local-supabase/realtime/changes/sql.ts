import { quoteIdent, type TableInfo } from "./catalog";
import type { ColumnFilter } from "./filters";

/**
 * SQL text built from catalog names (quoted) and filter operators (a fixed list); every
 * value — row values and filter values alike — is a bound parameter.
 *
 * Rows travel as a jsonb array of objects {column: text | null}: the text output pgoutput
 * sent, cast back to the column's type in SQL so that the JSON is exactly what Realtime's
 * `to_jsonb(value::type)` gives and comparisons follow PostgreSQL's own rules.
 */

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** `(r->>'col')::type`, or `((r->>'col')::jsonb ->> $key)` for a jsonb key. */
function valueExpression(table: TableInfo, filter: ColumnFilter, keyParam: string): string {
  const column = table.columns.find((candidate) => candidate.name === filter.column)!;
  const raw = `(r->>${literal(column.name)})`;
  if (filter.jsonKey !== undefined) return `((${raw}::jsonb) ->> ${keyParam})`;
  return `${raw}::${column.sqlType}`;
}

const COMPARISONS: Record<string, string> = { eq: "=", neq: "<>", lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** One filter as a boolean expression; filter values are elements of the jsonb parameter $2. */
function filterCondition(table: TableInfo, filter: ColumnFilter, index: number): string {
  const param = `($2::jsonb->${index})`;
  const keyParam = `($2::jsonb->${index}->>'key')`;
  const left = valueExpression(table, filter, keyParam);
  const type = filter.jsonKey !== undefined ? "text" : table.columns.find((c) => c.name === filter.column)!.sqlType;
  const right = `(${param}->>'value')::${type}`;
  let condition: string;
  switch (filter.operator) {
    case "in":
      condition = `${left} = ANY(ARRAY(SELECT jsonb_array_elements_text(${param}->'value'))::${type}[])`;
      break;
    case "is":
      condition = `${left} IS ${(filter.value as string).toUpperCase()}`;
      break;
    case "isdistinct":
      condition = `${left} IS DISTINCT FROM ${right}`;
      break;
    case "like":
      condition = `${left}::text LIKE (${param}->>'value')`;
      break;
    case "ilike":
      condition = `${left}::text ILIKE (${param}->>'value')`;
      break;
    case "match":
      condition = `${left}::text ~ (${param}->>'value')`;
      break;
    case "imatch":
      condition = `${left}::text ~* (${param}->>'value')`;
      break;
    default:
      condition = `${left} ${COMPARISONS[filter.operator]} ${right}`;
  }
  // NULL (an unknown comparison) never matches, negated or not, as in Realtime.
  return filter.negate ? `coalesce(NOT (${condition}), false)` : `coalesce(${condition}, false)`;
}

/** Whether a filter reads its value (or jsonb key) from the parameter; `is` is literal SQL. */
const readsParameter = (filter: ColumnFilter) => filter.operator !== "is" || filter.jsonKey !== undefined;

/**
 * For each row: its values as JSON in column order, and whether each filter holds. $1 is the
 * rows; $2, the filter values, is bound only when some condition reads it (PostgreSQL refuses
 * a bind that supplies more parameters than the statement names).
 */
export function convertAndFilterQuery(
  table: TableInfo,
  filters: ColumnFilter[],
  rows: Array<Record<string, string | null>>,
): { text: string; values: string[] } {
  const values = table.columns.map((column) => `to_jsonb((r->>${literal(column.name)})::${column.sqlType})`);
  const conditions = filters.map((filter, index) => filterCondition(table, filter, index));
  const text = `SELECT jsonb_build_array(${values.join(", ") || ""}) AS values,
            ${conditions.length ? `ARRAY[${conditions.join(", ")}]` : "ARRAY[]::boolean[]"} AS matches
          FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, i) ORDER BY i`;
  const parameter = JSON.stringify(filters.map((filter) => ({ value: filter.value, key: filter.jsonKey ?? null })));
  return {
    text,
    values: filters.some(readsParameter) ? [JSON.stringify(rows), parameter] : [JSON.stringify(rows)],
  };
}

/** Validates a filter's value by casting it, as Realtime refuses values the column cannot hold. */
export function castCheckSql(table: TableInfo, filter: ColumnFilter): string {
  const type = filter.jsonKey !== undefined ? "text" : table.columns.find((c) => c.name === filter.column)!.sqlType;
  return filter.operator === "in" ? `SELECT $1::text[]::${type}[]` : `SELECT $1::text::${type}`;
}

/**
 * Which rows (1-based positions in $1) the current role can see, by primary key: Realtime's
 * `select exists(select 1 from <table> where <pk> = <values>)`, run after commit.
 */
export function visibleRowsSql(table: TableInfo): string {
  const match = table.primaryKey
    .map((name) => {
      const column = table.columns.find((candidate) => candidate.name === name)!;
      return `x.${quoteIdent(name)} = (r->>${literal(name)})::${column.sqlType}`;
    })
    .join(" AND ");
  return `SELECT i::int AS position FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, i)
          WHERE EXISTS (SELECT 1 FROM ${table.qualified} x WHERE ${match})`;
}

/** The columns a role may SELECT, and whether it may select the whole primary key. */
export const SELECTABLE_COLUMNS_SQL = `
  SELECT a.attname AS name FROM pg_attribute a
  WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped AND has_column_privilege($2, a.attrelid, a.attnum, 'SELECT')
  ORDER BY a.attnum`;
