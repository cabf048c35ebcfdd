/**
 * The collapsible JSON tree of the detail pane as rows: one row per line the reader sees
 * (`"key": value`, an opening bracket, a closing one, or "… N more"). Which containers are open
 * is data (a map from JSON-pointer path to open/closed, over a default depth), so the view
 * stays a plain list and every rule here is tested without a browser.
 */
export type JsonKind = "object" | "array" | "string" | "number" | "boolean" | "null";

export type JsonRow =
  | { type: "value"; path: string; depth: number; key: string | null; kind: JsonKind; text: string; comma: boolean }
  | {
      type: "open";
      path: string;
      depth: number;
      key: string | null;
      kind: "object" | "array";
      size: number;
      expanded: boolean;
      comma: boolean;
    }
  | { type: "close"; path: string; depth: number; kind: "object" | "array"; comma: boolean }
  | { type: "more"; path: string; depth: number; hidden: number };

export interface TreeOptions {
  /** Containers shallower than this start open. */
  defaultDepth?: number;
  /** Explicit open (true) or closed (false) per path, overriding the default. */
  overrides?: ReadonlyMap<string, boolean>;
  /** Children shown per container before a "more" row; per-path raises via `childLimits`. */
  maxChildren?: number;
  childLimits?: ReadonlyMap<string, number>;
  /** Rows in all, so "expand everything" on a megabyte of JSON cannot freeze the page. */
  maxRows?: number;
}

export interface JsonTree {
  rows: JsonRow[];
  /** True when maxRows cut the tree short. */
  cut: boolean;
}

const escapePointer = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");
export const childPath = (path: string, key: string | number) => `${path}/${escapePointer(String(key))}`;

export function kindOf(value: unknown): JsonKind {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "object":
      return "object";
    case "string":
      return "string";
    case "number":
    case "bigint":
      return "number";
    case "boolean":
      return "boolean";
    default:
      return "null";
  }
}

export function leafText(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

export function isExpanded(path: string, depth: number, options: TreeOptions): boolean {
  return options.overrides?.get(path) ?? depth < (options.defaultDepth ?? 2);
}

export function jsonTree(value: unknown, options: TreeOptions = {}): JsonTree {
  const rows: JsonRow[] = [];
  const maxRows = options.maxRows ?? 5000;
  const maxChildren = options.maxChildren ?? 500;
  let cut = false;

  const visit = (node: unknown, path: string, depth: number, key: string | null, comma: boolean) => {
    if (rows.length >= maxRows) {
      cut = true;
      return;
    }
    const kind = kindOf(node);
    if (kind !== "object" && kind !== "array") {
      rows.push({ type: "value", path, depth, key, kind, text: leafText(node), comma });
      return;
    }
    const entries: [string, unknown][] =
      kind === "array" ? (node as unknown[]).map((v, i) => [String(i), v]) : Object.entries(node as object);
    const expanded = entries.length > 0 && isExpanded(path, depth, options);
    rows.push({
      type: "open",
      path,
      depth,
      key,
      kind,
      size: entries.length,
      expanded,
      comma: expanded ? false : comma,
    });
    if (!expanded) return;
    const limit = options.childLimits?.get(path) ?? maxChildren;
    const shown = entries.slice(0, limit);
    shown.forEach(([k, v], i) =>
      visit(v, childPath(path, k), depth + 1, kind === "array" ? null : k, i < entries.length - 1),
    );
    if (entries.length > shown.length)
      rows.push({ type: "more", path, depth: depth + 1, hidden: entries.length - shown.length });
    rows.push({ type: "close", path, depth, kind, comma });
  };
  visit(value, "", 0, null, false);
  return { rows, cut };
}

/** Every container path, for "expand all" (bounded by the row cap when rendered). */
export function containerPaths(value: unknown, path = "", out: string[] = []): string[] {
  const kind = kindOf(value);
  if (kind === "array" || kind === "object") {
    out.push(path);
    const entries: [string, unknown][] =
      kind === "array" ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as object);
    for (const [k, v] of entries) containerPaths(v, childPath(path, k), out);
  }
  return out;
}
