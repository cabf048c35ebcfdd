import type pg from "pg";
import type { RealtimeClaims } from "../tokens";
import type { TableCatalog, TableInfo } from "./catalog";
import { FilterError, parseFilter, type ColumnFilter } from "./filters";
import { castCheckSql } from "./sql";

export type ChangeEvent = "*" | "INSERT" | "UPDATE" | "DELETE";
const EVENTS: ReadonlySet<string> = new Set(["*", "INSERT", "UPDATE", "DELETE"]);

/** One `.on('postgres_changes', …)` binding of a channel. */
export interface ChangeBinding {
  /** What the join reply echoes and every push's `ids` carries. */
  id: number;
  event: ChangeEvent;
  schema: string;
  /** Undefined (or "*") = every published table of the schema. */
  table?: string;
  filters: ColumnFilter[];
  /** `select: [columns]`: the payload carries only these (and the primary key). */
  select?: string[];
}

/** A channel with postgres_changes bindings, as the change processor sees it. */
export interface ChangeSubscriber {
  readonly bindings: readonly ChangeBinding[];
  /** The claims of the channel's current token (updated by access_token refreshes). */
  claims(): RealtimeClaims;
  deliverChange(payload: unknown): void;
  /** A `system` message for the postgres_changes extension (stream lost or restored). */
  changesStatus(status: "ok" | "error", message: string): void;
}

/**
 * Realtime identifies a binding by `:erlang.phash2(params)`: an integer in [0, 2^27) derived
 * from the params as the client sent them. Any stable integer works for the client, which
 * only compares it with the `ids` of each push; this is a 27-bit FNV-1a of canonical JSON.
 */
export function bindingId(params: unknown): number {
  let hash = 0x811c9dc5;
  for (const char of canonicalJson(params)) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7ffffff;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The message Realtime pushes (system, status "error") when a binding cannot be served. */
function unableToSubscribe(params: Record<string, unknown>, detail?: string): string {
  const described = `[event: ${params.event ?? "*"}, schema: ${params.schema}, table: ${params.table ?? "*"}, filters: ${JSON.stringify(params.filter ? [params.filter] : [])}]`;
  return `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: ${described}${detail ? ` (${detail})` : ""}`;
}

export type BindingsResult = { ok: true; bindings: ChangeBinding[] } | { ok: false; message: string };

/**
 * Turns the join's `postgres_changes` list into bindings, refusing what Realtime refuses: an
 * unknown event, a filter it cannot parse, a table outside the `supabase_realtime`
 * publication, a filter column the table lacks or a value the column cannot hold.
 */
export async function resolveBindings(
  pool: pg.Pool,
  catalog: TableCatalog,
  requested: unknown[],
): Promise<BindingsResult> {
  const bindings: ChangeBinding[] = [];
  for (const raw of requested) {
    if (!raw || typeof raw !== "object")
      return { ok: false, message: "Error parsing `postgres_changes` params: each binding must be an object" };
    const params = raw as Record<string, unknown>;
    const event = typeof params.event === "string" ? params.event.toUpperCase() : "*";
    if (!EVENTS.has(event))
      return {
        ok: false,
        message: `Error parsing \`event\` params: ${String(params.event)} is not one of *, INSERT, UPDATE, DELETE`,
      };
    if (typeof params.schema !== "string" || params.schema === "")
      return { ok: false, message: "Error parsing `schema` params: a schema is required" };
    const table = typeof params.table === "string" && params.table !== "" ? params.table : undefined;
    let filters: ColumnFilter[];
    try {
      filters = parseFilter(typeof params.filter === "string" ? params.filter : undefined);
    } catch (error) {
      return { ok: false, message: `Error parsing \`filter\` params: ${(error as FilterError).message}` };
    }
    const tables = await catalog.published(params.schema, table);
    if (tables.length === 0) return { ok: false, message: unableToSubscribe(params) };
    if (filters.length > 0) {
      if (tables.length !== 1) return { ok: false, message: unableToSubscribe(params, "filters need one table") };
      const problem = await checkFilters(pool, tables[0], filters);
      if (problem) return { ok: false, message: unableToSubscribe(params, problem) };
    }
    let select: string[] | undefined;
    if (params.select !== undefined && params.select !== null) {
      if (!Array.isArray(params.select) || !params.select.every((column) => typeof column === "string"))
        return { ok: false, message: "Error parsing `select` params: a list of column names" };
      if (tables.length !== 1 || table === undefined || table === "*")
        return { ok: false, message: unableToSubscribe(params, "select needs one table") };
      const unknown = params.select.find((column) => !tables[0].columns.some((candidate) => candidate.name === column));
      if (unknown !== undefined)
        return { ok: false, message: unableToSubscribe(params, `invalid column for select ${unknown}`) };
      select = params.select;
    }
    bindings.push({
      id: bindingId(params),
      event: event as ChangeEvent,
      schema: params.schema,
      table: table === "*" ? undefined : table,
      filters,
      select,
    });
  }
  return { ok: true, bindings };
}

async function checkFilters(pool: pg.Pool, table: TableInfo, filters: ColumnFilter[]): Promise<string | undefined> {
  for (const filter of filters) {
    const column = table.columns.find((candidate) => candidate.name === filter.column);
    if (!column) return `invalid column for filter ${filter.column}`;
    if (filter.jsonKey !== undefined && column.typeName !== "jsonb")
      return `invalid column for filter ${filter.column}->>${filter.jsonKey}`;
    if (filter.operator === "is") continue;
    if (["like", "ilike", "match", "imatch"].includes(filter.operator)) continue;
    try {
      await pool.query(castCheckSql(table, filter), [filter.value]);
    } catch {
      return `invalid value for filter ${filter.column}: ${JSON.stringify(filter.value)}`;
    }
  }
  return undefined;
}

/** Which channels watch which tables; schema-wide bindings are kept under "<schema>.*". */
export class ChangeSubscriptions {
  private readonly byTable = new Map<string, Set<ChangeSubscriber>>();

  private static keysOf(subscriber: ChangeSubscriber): Set<string> {
    return new Set(subscriber.bindings.map((binding) => `${binding.schema}.${binding.table ?? "*"}`));
  }

  add(subscriber: ChangeSubscriber): void {
    for (const key of ChangeSubscriptions.keysOf(subscriber)) {
      let set = this.byTable.get(key);
      if (!set) this.byTable.set(key, (set = new Set()));
      set.add(subscriber);
    }
  }

  remove(subscriber: ChangeSubscriber): void {
    for (const key of ChangeSubscriptions.keysOf(subscriber)) {
      const set = this.byTable.get(key);
      set?.delete(subscriber);
      if (set?.size === 0) this.byTable.delete(key);
    }
  }

  subscribersOf(schema: string, table: string): ChangeSubscriber[] {
    const found = new Set<ChangeSubscriber>();
    for (const key of [`${schema}.${table}`, `${schema}.*`, `*.*`])
      for (const subscriber of this.byTable.get(key) ?? []) found.add(subscriber);
    return [...found];
  }

  watches(schema: string, table: string): boolean {
    return this.byTable.has(`${schema}.${table}`) || this.byTable.has(`${schema}.*`) || this.byTable.has("*.*");
  }

  /** Every subscriber, for telling them the stream was interrupted. */
  all(): ChangeSubscriber[] {
    const found = new Set<ChangeSubscriber>();
    for (const set of this.byTable.values()) for (const subscriber of set) found.add(subscriber);
    return [...found];
  }
}
