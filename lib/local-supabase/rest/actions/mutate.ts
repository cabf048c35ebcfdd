import {
  columnNotFound,
  invalidFilters,
  maxAffectedViolation,
  putMatchingPk,
  RestError,
  singularityError,
} from "../errors";
import { resolveFilter, resolveLogic } from "../plan/resolve";
import { buildReadPlan } from "../plan/read-plan";
import type { PlanLogic, ReadNode } from "../plan/types";
import { negotiate } from "../request/media";
import { contentRange } from "../request/range";
import type { Column, Table } from "../schema-cache/types";
import { mutationSql, type MutationPlan } from "../sql/mutate";
import { ident, Params, qualified } from "../sql/params";
import { mainWriteSql, type MainRow } from "../sql/statements";
import type { RestResponse } from "../response";
import type { Row } from "../sql/pipeline";
import { execute, profileHeaders, schemaSqlFor, textValues, type ApiRequest, type Services } from "./context";
import { findTable, preferenceHeader, withMediaHeaders } from "./read";
import { explainReadBackDenied } from "./read-back";

/** POST (insert, upsert), PATCH, PUT and DELETE on a table or view. */

type Kind = "insert" | "update" | "delete" | "put";
const KIND: Record<string, Kind> = { POST: "insert", PATCH: "update", DELETE: "delete", PUT: "put" };

/** The columns the response reads back (PostgREST's `inferColsEmbedNeeds`). */
function returningColumns(root: ReadNode, primaryKey: string[]): string[] {
  const names = root.select.map((item) => item.field.name);
  // A computed relationship's function takes the whole row.
  if (
    names.includes("*") ||
    (root.select.length === 0 && root.children.length === 0) ||
    root.children.some((child) => child.relationship?.computed)
  )
    return ["*"];
  const joinColumns = root.children.flatMap((child) => {
    const rel = child.relationship;
    if (!rel) return [];
    return rel.junction ? rel.junction.columns1.map(([, origin]) => origin) : rel.columns.map(([column]) => column);
  });
  return [...new Set([...names, ...joinColumns, ...primaryKey])];
}

/** The columns the body writes; unknown or computed ones are PGRST204. */
function bodyColumns(table: Table, keys: string[]): Column[] | RestError {
  const columns: Column[] = [];
  for (const key of keys) {
    const column = table.columns.get(key);
    if (!column || column.computed) return columnNotFound(table.name, key);
    columns.push(column);
  }
  return columns;
}

/** PUT needs exactly the primary key, each with `eq` (PGRST105 otherwise). */
function checkPutFilters(request: ApiRequest, table: Table): RestError | undefined {
  const root = request.query.filters.filter((entry) => entry.path.length === 0).map((entry) => entry.value);
  const names = new Set(root.map((filter) => filter.field.name));
  const allEq = root.every(
    (filter) =>
      !filter.negated &&
      filter.operation.kind === "quant" &&
      filter.operation.op === "eq" &&
      !filter.operation.quantifier,
  );
  const exact =
    table.primaryKey.length > 0 &&
    names.size === table.primaryKey.length &&
    table.primaryKey.every((column) => names.has(column));
  return request.query.logic.length === 0 && allEq && exact ? undefined : invalidFilters();
}

/** The filters and logic trees of the mutation itself, on the table's own columns. */
function rootConditions(request: ApiRequest, table: Table, tableSql: string): PlanLogic[] | RestError {
  const node: ReadNode = {
    name: table.name,
    spread: false,
    source: { sql: tableSql, qualifier: tableSql, displayName: table.name, table: table.name, columns: table.columns },
    select: [],
    where: [],
    order: [],
    range: { lower: 0, upper: null },
    aggAlias: "",
    depth: 0,
    children: [],
  };
  const conditions: PlanLogic[] = [];
  for (const { path, value } of request.query.filters) {
    if (path.length) continue;
    const filter = resolveFilter(node, value);
    if (filter instanceof RestError) return filter;
    conditions.push({ kind: "stmt", filter });
  }
  for (const { path, value } of request.query.logic) {
    if (path.length) continue;
    const tree = resolveLogic(node, value);
    if (tree instanceof RestError) return tree;
    conditions.push(tree);
  }
  return conditions;
}

export async function runMutation(services: Services, request: ApiRequest): Promise<RestResponse | RestError> {
  const { cache } = services;
  const kind = KIND[request.method];
  const table = findTable(cache, request.target);
  if (table instanceof RestError) return table;
  const tableSql = qualified(cache.schema, table.name);
  if (kind === "put") {
    const refused = checkPutFilters(request, table);
    if (refused) return refused;
  }
  const root = buildReadPlan({
    cache,
    root: {
      sql: "pgrst_source",
      alias: table.name,
      qualifier: ident(table.name),
      displayName: table.name,
      table: table.name,
      columns: table.columns,
    },
    rootName: table.name,
    query: request.query,
    action: "mutate",
    maxRows: null,
  });
  if (root instanceof RestError) return root;
  const columns = kind === "delete" ? [] : bodyColumns(table, request.payload?.keys ?? []);
  if (columns instanceof RestError) return columns;
  const conditions = rootConditions(request, table, tableSql);
  if (conditions instanceof RestError) return conditions;
  for (const name of request.query.onConflict ?? [])
    if (!table.columns.has(name)) return columnNotFound(table.name, name);
  const media = negotiate(request.accept);
  if (media instanceof RestError) return media;

  const { prefs } = request;
  const representation = prefs.representation === "full";
  const wantsRows = representation || prefs.representation === "headers-only";
  const resolution = kind === "put" ? "merge-duplicates" : prefs.resolution;
  const plan: MutationPlan = {
    kind: kind === "put" ? "insert" : kind,
    table,
    body:
      request.payload && kind !== "delete"
        ? { json: request.payload.json, isObject: request.payload.isObject, columns }
        : undefined,
    where: kind === "put" ? [] : conditions,
    putConditions: kind === "put" ? conditions : undefined,
    returning: wantsRows ? returningColumns(root, table.primaryKey) : [],
    onConflict:
      (kind === "insert" || kind === "put") && resolution
        ? { resolution, columns: kind === "put" ? table.primaryKey : (request.query.onConflict ?? table.primaryKey) }
        : undefined,
    applyDefaults: prefs.missing === "default",
  };
  const params = new Params();
  const locationKeys =
    kind === "insert" && prefs.representation === "headers-only" && table.primaryKey.length
      ? table.primaryKey
      : undefined;
  const countInserted = resolution === "merge-duplicates" && (kind === "insert" || kind === "put");
  const sql = mainWriteSql(
    mutationSql(plan, params),
    root,
    media,
    { representation, locationKeys, countInserted },
    params,
    schemaSqlFor(cache),
  );

  const failure = (row: MainRow): RestError | undefined => {
    const pageTotal = Number(row.page_total);
    if (kind === "put" && pageTotal !== 1) return putMatchingPk();
    if (kind !== "put" && media.kind === "single" && pageTotal !== 1) return singularityError(pageTotal);
    const strictMax =
      prefs.handling === "strict" && prefs.maxAffected !== undefined && (kind === "update" || kind === "delete");
    if (strictMax && pageTotal > (prefs.maxAffected as number)) return maxAffectedViolation(pageTotal);
    return undefined;
  };
  const statements = [{ text: sql, values: textValues(params.values), prepare: true }];
  // PostgREST rolls back a change whose response it refuses: no half-written change.
  const results = await execute(
    services,
    request,
    { readOnly: false },
    statements,
    (rows: Row[][]) => !failure(rows[0][0] as unknown as MainRow),
  );
  if (results instanceof RestError)
    return plan.returning.length ? explainReadBackDenied(results, services, request.auth.role, table.name) : results;
  const row = results[0][0] as unknown as MainRow;
  const refused = failure(row);
  if (refused) return refused;
  const pageTotal = Number(row.page_total);

  const counted = prefs.count === "exact" || prefs.count === "estimated" ? pageTotal : null;
  const hasConflictTarget = table.primaryKey.length > 0 || request.query.onConflict !== undefined;
  const applied = preferenceHeader({
    resolution: kind === "insert" && hasConflictTarget ? prefs.resolution : undefined,
    missing: kind === "insert" || kind === "update" ? prefs.missing : undefined,
    representation: prefs.representation,
    count: prefs.count,
    handling: prefs.handling,
    timezone: prefs.timezone,
    maxAffected: kind === "update" || kind === "delete" ? prefs.maxAffected : undefined,
  });
  const headers: Record<string, string> = { ...applied };
  if (kind !== "put")
    headers["Content-Range"] =
      kind === "update" ? contentRange(0, pageTotal - 1, counted) : contentRange(1, 0, counted);
  const location = row.header ?? [];
  if (location.length) {
    const query = location.map((pair: string) => {
      const at = pair.indexOf("=");
      return `${encodeURIComponent(pair.slice(0, at))}=${encodeURIComponent(pair.slice(at + 1))}`;
    });
    headers.Location = `/${table.name}?${query.join("&")}`;
  }
  const inserted = row.response_inserted === null ? null : Number(row.response_inserted);
  let status: number;
  if (kind === "insert") status = resolution === "merge-duplicates" && inserted !== null && inserted <= 0 ? 200 : 201;
  else if (kind === "put") status = representation ? ((inserted ?? 0) > 0 ? 201 : 200) : 204;
  else status = representation ? 200 : 204;
  if (!representation) return { status, headers, body: "", guc: row };
  return withMediaHeaders(
    { status, headers: { ...headers, ...profileHeaders(request, cache.schema) }, body: row.body ?? "" },
    media,
    row,
  );
}
