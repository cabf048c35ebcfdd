import { RestError } from "../errors";
import { ALL_ROWS, type RowRange } from "../request/range";
import type { Filter, LogicTree, OrderTerm, SelectItem } from "./ast";
import { Cursor, runParser } from "./cursor";
import { columnList, fieldName, jsonPath } from "./fields";
import { logicTree, opExpr } from "./filter";
import { orderParser } from "./order";
import { selectParser } from "./select";

/** An embed path (`devices.name=eq.x` → `["devices"]`) and what applies at that level. */
export interface AtPath<T> {
  path: string[];
  value: T;
}

/** The query string as PostgREST reads it (`ApiRequest/QueryParams.hs`). */
export interface QueryParams {
  select: SelectItem[];
  filters: AtPath<Filter>[];
  /** `GET /rpc/fn?a=1`: parameters without an operator are the function's arguments. */
  rpcArgs: [string, string][];
  logic: AtPath<LogicTree>[];
  order: AtPath<OrderTerm[]>[];
  /** `limit`/`offset` per embed path, keyed by the path joined with ".". */
  ranges: Map<string, RowRange>;
  columns?: string[];
  onConflict?: string[];
  /** The parameters sorted by name, for `Content-Location`. */
  canonical: string;
}

const RESERVED = new Set(["select", "columns", "on_conflict"]);
const EMBEDDABLE = new Set(["order", "limit", "offset", "and", "or"]);

function decode(text: string): string {
  const spaced = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** Pairs in order; a key without `=` has no value and is ignored like PostgREST does. */
export function splitQuery(raw: string): [string, string | undefined][] {
  return raw
    .split("&")
    .filter((part) => part.length > 0)
    .map((part) => {
      const at = part.indexOf("=");
      return at < 0 ? [decode(part), undefined] : [decode(part.slice(0, at)), decode(part.slice(at + 1))];
    });
}

const lastSegment = (key: string) => key.slice(key.lastIndexOf(".") + 1);

/** `a.b.c` → path `["a","b"]`, field `c` with an optional JSON path (`pTreePath`, no end check). */
function treePath(key: string): { path: string[]; name: string; json: ReturnType<typeof jsonPath> } | RestError {
  return runParser(
    `failed to parse tree path (${key})`,
    key,
    (cursor) => {
      const names = [fieldName(cursor)];
      while (cursor.accept(".")) names.push(fieldName(cursor));
      const json = jsonPath(cursor);
      return { path: names.slice(0, -1), name: names[names.length - 1], json };
    },
    { requireEnd: false },
  );
}

function readInteger(text: string): number | undefined {
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** The ranges of `limit` and `offset` per path, combined as PostgREST's `qsRanges`. */
function combineRanges(limits: Map<string, string>, offsets: Map<string, string>): Map<string, RowRange> {
  const ranges = new Map<string, RowRange>();
  for (const key of new Set([...limits.keys(), ...offsets.keys()])) {
    const limit = limits.has(key) ? readInteger(limits.get(key) as string) : undefined;
    const offset = offsets.has(key) ? readInteger(offsets.get(key) as string) : undefined;
    const lower = offset ?? 0;
    if (limits.has(key) && offsets.has(key)) ranges.set(key, { lower, upper: lower + (limit ?? 0) - 1 });
    else if (limits.has(key)) ranges.set(key, limit === undefined ? ALL_ROWS : { lower: 0, upper: limit - 1 });
    else ranges.set(key, { lower, upper: null });
  }
  return ranges;
}

function canonicalise(pairs: [string, string | undefined][]): string {
  const encode = (text: string) => encodeURIComponent(text).replaceAll("%20", "+");
  return [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${encode(key)}=${encode(value ?? "")}`)
    .join("&");
}

export function parseQueryString(raw: string, isRpcRead: boolean): QueryParams | RestError {
  const pairs = splitQuery(raw);
  const valued = pairs.filter((pair): pair is [string, string] => pair[1] !== undefined);
  const lookup = (name: string) => valued.find(([key]) => key === name)?.[1];
  const result: QueryParams = {
    select: [],
    filters: [],
    rpcArgs: [],
    logic: [],
    order: [],
    ranges: new Map(),
    canonical: canonicalise(pairs),
  };

  const select = lookup("select") ?? "*";
  const parsedSelect = runParser(`failed to parse select parameter (${select})`, select, selectParser);
  if (parsedSelect instanceof RestError) return parsedSelect;
  result.select = parsedSelect;

  const columns = lookup("columns");
  if (columns !== undefined) {
    const parsed = runParser(`failed to parse columns parameter (${columns})`, columns, columnList);
    if (parsed instanceof RestError) return parsed;
    result.columns = parsed;
  }
  const onConflict = lookup("on_conflict");
  if (onConflict !== undefined) {
    const parsed = runParser(`failed to parse on_conflict parameter (${onConflict})`, onConflict, columnList);
    if (parsed instanceof RestError) return parsed;
    result.onConflict = parsed;
  }

  const limits = new Map<string, string>();
  const offsets = new Map<string, string>();
  for (const [key, value] of valued) {
    if (RESERVED.has(key)) continue;
    const last = lastSegment(key);
    const prefix = key.slice(0, Math.max(0, key.length - last.length - 1));
    if (last === "order") {
      const path = prefix ? treePath(prefix) : { path: [], name: "" };
      if (path instanceof RestError) return path;
      const terms = runParser(`failed to parse order (${value})`, value, orderParser);
      if (terms instanceof RestError) return terms;
      result.order.push({ path: prefix ? [...path.path, path.name] : [], value: terms });
    } else if (last === "limit") {
      limits.set(prefix, value);
    } else if (last === "offset") {
      offsets.set(prefix, value);
    } else if (last === "and" || last === "or") {
      const segments = key.split(".");
      const negated = segments.includes("not");
      const path = segments.slice(0, -1).filter((segment) => segment !== "not");
      const text = `${negated ? "not." : ""}${last}${value}`;
      const tree = runParser(`failed to parse logic tree (${value})`, text, logicTree);
      if (tree instanceof RestError) return tree;
      result.logic.push({ path, value: tree });
    } else if (!EMBEDDABLE.has(last)) {
      const path = treePath(key);
      if (path instanceof RestError) return path;
      const cursor = new Cursor(value);
      const expr = isRpcRead ? cursor.attempt(() => ({ ...opExpr(cursor) })) : undefined;
      if (isRpcRead && !expr) {
        result.rpcArgs.push([key, value]);
        continue;
      }
      const parsed = expr ?? runParser(`failed to parse filter (${value})`, value, (c) => opExpr(c));
      if (parsed instanceof RestError) return parsed;
      result.filters.push({ path: path.path, value: { field: { name: path.name, jsonPath: path.json }, ...parsed } });
    }
  }
  result.ranges = combineRanges(limits, offsets);
  return result;
}
