/**
 * postgres_changes filters as realtime-js writes them (`RealtimePostgresFilterBuilder`):
 * `column=[not.]operator.value`, several joined by commas (all must hold), values quoted
 * PostgREST-style when they contain `,()"\` or edge spaces, `in.(a,b,"c,d")` for lists,
 * `is.null|true|false|unknown`, and `column->>key` to compare a key of a jsonb column.
 * The server evaluates them in SQL with both sides cast to the column's type, as Supabase's
 * `realtime.check_equality_op` does (see `sql.ts`).
 */

export const FILTER_OPERATORS = [
  "eq",
  "neq",
  "lt",
  "lte",
  "gt",
  "gte",
  "in",
  "like",
  "ilike",
  "is",
  "match",
  "imatch",
  "isdistinct",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export interface ColumnFilter {
  column: string;
  /** For `column->>key`: the jsonb key compared as text. */
  jsonKey?: string;
  operator: FilterOperator;
  negate: boolean;
  /** A list for `in`; one of null/true/false/unknown for `is`. */
  value: string | string[];
}

export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FilterError";
  }
}

/** Splits at commas outside double quotes and parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      current += char;
      if (char === "\\" && i + 1 < text.length) current += text[++i];
      else if (char === '"') quoted = false;
      continue;
    }
    if (char === '"') quoted = true;
    else if (char === "(") depth++;
    else if (char === ")") depth = Math.max(0, depth - 1);
    else if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  if (quoted) throw new FilterError("unterminated quoted value");
  parts.push(current);
  return parts;
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) return raw.slice(1, -1).replace(/\\(.)/g, "$1");
  return raw;
}

const IS_VALUES = new Set(["null", "true", "false", "unknown"]);

function parseCondition(condition: string): ColumnFilter {
  const equals = condition.indexOf("=");
  if (equals <= 0) throw new FilterError(`"${condition}" is not column=operator.value`);
  const columnPart = condition.slice(0, equals).trim();
  let rest = condition.slice(equals + 1);
  const negate = rest.startsWith("not.");
  if (negate) rest = rest.slice(4);
  const dot = rest.indexOf(".");
  if (dot <= 0) throw new FilterError(`"${condition}" has no operator`);
  const operator = rest.slice(0, dot) as FilterOperator;
  if (!FILTER_OPERATORS.includes(operator)) throw new FilterError(`unknown operator "${operator}"`);
  const rawValue = rest.slice(dot + 1);

  const [column, jsonKey] = columnPart
    .split("->>")
    .map((part) => part.trim().replace(/^"|"$/g, "").replace(/^'|'$/g, ""));
  if (!column) throw new FilterError(`"${condition}" names no column`);

  if (operator === "in") {
    if (!rawValue.startsWith("(") || !rawValue.endsWith(")"))
      throw new FilterError(`in filter on "${column}" needs a list: in.(a,b)`);
    const items = splitTopLevel(rawValue.slice(1, -1)).map((item) => unquote(item.trim()));
    if (items.length === 0 || (items.length === 1 && items[0] === ""))
      throw new FilterError(`in filter on "${column}" needs at least one value`);
    return { column, jsonKey, operator, negate, value: items };
  }
  const value = unquote(rawValue);
  if (operator === "is" && !IS_VALUES.has(value.toLowerCase()))
    throw new FilterError(`is filter on "${column}" takes null, true, false or unknown`);
  return { column, jsonKey, operator, negate, value: operator === "is" ? value.toLowerCase() : value };
}

export function parseFilter(text: string | undefined): ColumnFilter[] {
  if (text === undefined || text.trim() === "") return [];
  return splitTopLevel(text).map((condition) => parseCondition(condition.trim()));
}
