import { aggregatesNotAllowed, notEmbedded, notImplemented, RestError } from "../errors";
import type { AtPath, QueryParams } from "../parse/query-string";
import type { FieldRef, SelectItem } from "../parse/ast";
import { ALL_ROWS, restrictKeepingLimitZero } from "../request/range";
import { findRelationship, isToOne } from "../schema-cache/relationships";
import type { SchemaCache } from "../schema-cache/types";
import { ident, qualified } from "../sql/params";
import { resolveField, resolveFilter, resolveLogic, resolveOrder } from "./resolve";
import type { NodeSource, PlanLogic, ReadNode } from "./types";

/**
 * The read plan (PostgREST's `readPlan`): the `select` tree with each embedded resource
 * joined through its relationship, and filters, logic trees, orders and ranges attached to
 * the level their path names. Mutations and calls read their rows back through the same plan.
 */

export type PlanAction = "read" | "mutate" | "call";

export interface ReadPlanInput {
  cache: SchemaCache;
  root: NodeSource;
  rootName: string;
  query: QueryParams;
  action: PlanAction;
  /** Supabase's `db-max-rows` (1000): a cap on every level of a read, not on mutations. */
  maxRows: number | null;
}

function emptyNode(name: string, source: NodeSource, depth: number): ReadNode {
  return {
    name,
    spread: false,
    source,
    select: [],
    where: [],
    order: [],
    range: ALL_ROWS,
    aggAlias: "",
    depth,
    children: [],
  };
}

/** A bare `count` where the relation has no column of that name (a table's or a known result's). */
function isWholeRowCount(node: ReadNode, field: FieldRef): boolean {
  return (
    field.name === "count" && field.jsonPath.length === 0 && !!node.source.columns && !node.source.columns.has("count")
  );
}

/** Resolves each embedded resource's relationship and source, then its select list. */
function buildNode(input: ReadPlanInput, node: ReadNode, items: SelectItem[]): RestError | undefined {
  const { cache } = input;
  for (const item of items) {
    if (item.kind === "field") {
      if (item.aggregate) return aggregatesNotAllowed();
      if (isWholeRowCount(node, item.field)) {
        // `rel.count` is PostgreSQL's functional notation for `count(rel)`: the aggregate over
        // the level's rows, which PostgREST passes through whether aggregates are on or not.
        node.select.push({ field: { name: "count", jsonPath: [], toJson: false }, alias: item.alias, cast: item.cast });
        continue;
      }
      const field = resolveField(node.source, item.field);
      if (field instanceof RestError) return field;
      // A JSON path without an alias is named after its last key (PostgREST's `addAliases`).
      const lastKey = [...item.field.jsonPath].reverse().find((step) => !step.index)?.value;
      const alias = item.alias ?? (item.field.jsonPath.length ? (lastKey ?? item.field.name) : undefined);
      node.select.push({ field, alias, cast: item.cast });
      continue;
    }
    const origin = node.depth === 0 ? (node.source.table ?? input.rootName) : (node.source.table ?? node.name);
    const relationship = findRelationship(cache.relationships, cache.schema, origin, item.name, item.hint);
    if (relationship instanceof RestError) return relationship;
    const depth = node.depth + 1;
    const table = cache.tables.get(relationship.foreignTable);
    const alias = relationship.junction ? undefined : `${relationship.foreignTable}_${depth}`;
    const tableSql = qualified(cache.schema, relationship.foreignTable);
    const child: ReadNode = {
      ...emptyNode(
        item.name,
        {
          sql: tableSql,
          alias,
          qualifier: alias ? ident(alias) : tableSql,
          displayName: alias ?? relationship.foreignTable,
          table: relationship.foreignTable,
          columns: table?.columns,
        },
        depth,
      ),
      alias: item.alias,
      hint: item.hint,
      joinType: item.joinType,
      spread: item.spread,
      relationship,
      aggAlias: `${relationship.table}_${item.alias ?? item.name}_${depth}`,
    };
    const failure = buildNode(input, child, item.children);
    if (failure) return failure;
    if (child.spread) {
      const starFailure = expandStars(child, !isToOne(relationship));
      if (starFailure) return starFailure;
    }
    node.children.push(child);
  }
  return undefined;
}

/**
 * A spread names its columns in the parent, so its `*` becomes the relation's columns (as
 * PostgREST expands stars under a to-many spread). A to-one spread of a result whose columns
 * are unknown keeps `*`; a to-many one cannot aggregate columns it cannot name.
 */
function expandStars(node: ReadNode, toMany: boolean): RestError | undefined {
  const implicit = node.select.length === 0 && node.children.length === 0;
  if (!implicit && !node.select.some((item) => item.field.name === "*" && item.field.jsonPath.length === 0))
    return undefined;
  const columns = node.source.columns
    ? [...node.source.columns.values()].filter((column) => !column.computed)
    : undefined;
  if (!columns)
    return toMany
      ? notImplemented(`The columns of '${node.name}' are unknown, so it cannot be spread as a to-many relationship.`)
      : undefined;
  const stars = columns.map((column) => ({
    field: { name: column.name, jsonPath: [], toJson: true, column },
  }));
  node.select = implicit
    ? stars
    : node.select.flatMap((item) => (item.field.name === "*" && item.field.jsonPath.length === 0 ? stars : [item]));
  return undefined;
}

/** Follows an embed path to its node; a name not embedded in `select` is PGRST108. */
function findNode(root: ReadNode, path: string[]): ReadNode | RestError {
  let node = root;
  for (const name of path) {
    const next = node.children.find((child) => (child.alias ?? child.name) === name);
    if (!next) return notEmbedded(name);
    node = next;
  }
  return node;
}

function attach<T>(
  root: ReadNode,
  entries: AtPath<T>[],
  apply: (node: ReadNode, value: T) => RestError | undefined,
): RestError | undefined {
  for (const entry of entries) {
    const node = findNode(root, entry.path);
    if (node instanceof RestError) return node;
    const failure = apply(node, entry.value);
    if (failure) return failure;
  }
  return undefined;
}

function restrictAll(node: ReadNode, maxRows: number | null): void {
  node.range = restrictKeepingLimitZero(node.range, maxRows);
  for (const child of node.children) restrictAll(child, maxRows);
}

export function buildReadPlan(input: ReadPlanInput): ReadNode | RestError {
  const { query, action } = input;
  const root = emptyNode(input.rootName, input.root, 0);
  const selectFailure = buildNode(input, root, query.select);
  if (selectFailure) return selectFailure;

  // A mutation's root filters belong to the mutation itself, not to reading its rows back.
  const filters = action === "mutate" ? query.filters.filter((entry) => entry.path.length > 0) : query.filters;
  const logic = action === "mutate" ? query.logic.filter((entry) => entry.path.length > 0) : query.logic;
  const failure =
    attach(root, filters, (node, filter) => {
      const resolved = resolveFilter(node, filter);
      if (resolved instanceof RestError) return resolved;
      node.where.push({ kind: "stmt", filter: resolved });
      return undefined;
    }) ??
    attach(root, logic, (node, tree) => {
      const resolved = resolveLogic(node, tree);
      if (resolved instanceof RestError) return resolved;
      node.where.push(resolved as PlanLogic);
      return undefined;
    }) ??
    attach(root, query.order, (node, terms) => {
      node.order = [];
      for (const term of terms) {
        const resolved = resolveOrder(node, term);
        if (resolved instanceof RestError) return resolved;
        node.order.push(resolved);
      }
      return undefined;
    }) ??
    (action === "mutate"
      ? undefined
      : attach(
          root,
          [...query.ranges].map(([key, range]) => ({ path: key ? key.split(".") : [], value: range })),
          (node, range) => {
            node.range = range;
            return undefined;
          },
        ));
  if (failure) return failure;
  if (action !== "mutate") restrictAll(root, input.maxRows);
  return root;
}
