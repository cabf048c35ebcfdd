import { RestError, undefinedColumn } from "../errors";
import type { FieldRef, Filter, LogicTree, OrderTerm } from "../parse/ast";
import type { NodeSource, PlanFilter, PlanLogic, PlanOrder, ResolvedField, ReadNode } from "./types";

/**
 * Names from the request checked against the schema cache. An unknown column is answered
 * the way PostgREST answers it (PostgreSQL's 42703, status 400), without running any SQL.
 */

const JSON_TYPES = new Set(["json", "jsonb"]);

export function resolveField(
  source: NodeSource,
  ref: FieldRef,
  fts?: { language?: string },
): ResolvedField | RestError {
  if (ref.name === "*") return { name: "*", jsonPath: ref.jsonPath, toJson: false };
  const column = source.columns?.get(ref.name);
  if (source.columns && !column) return undefinedColumn(source.displayName, ref.name);
  const isJson = column ? JSON_TYPES.has(column.baseType) : false;
  const isTsVector = column?.baseType === "tsvector";
  return {
    name: ref.name,
    jsonPath: ref.jsonPath,
    toJson: !isJson,
    // Unknown column types (a function's untyped record) are searched as they are, as PostgREST does.
    toTsVector: fts && column && !isTsVector ? fts : undefined,
    column,
  };
}

/** A filter on this node; `relation=is.null` on an embedded resource filters by its presence. */
export function resolveFilter(node: ReadNode, filter: Filter): PlanFilter | RestError {
  const { field, operation } = filter;
  if (field.jsonPath.length === 0 && operation.kind === "is" && operation.value === "null") {
    const child = node.children.find((candidate) => (candidate.alias ?? candidate.name) === field.name);
    if (child) return { kind: "null-embed", negated: filter.negated, aggAlias: child.aggAlias };
  }
  const fts = operation.kind === "fts" ? { language: operation.language } : undefined;
  const resolved = resolveField(node.source, field, fts);
  if (resolved instanceof RestError) return resolved;
  return { kind: "filter", field: resolved, negated: filter.negated, operation };
}

export function resolveLogic(node: ReadNode, tree: LogicTree): PlanLogic | RestError {
  if (tree.kind === "filter") {
    const filter = resolveFilter(node, tree.filter);
    return filter instanceof RestError ? filter : { kind: "stmt", filter };
  }
  const children: PlanLogic[] = [];
  for (const child of tree.children) {
    const resolved = resolveLogic(node, child);
    if (resolved instanceof RestError) return resolved;
    children.push(resolved);
  }
  return { kind: "expr", negated: tree.negated, operator: tree.operator, children };
}

/** `order=relation(column)` must name a to-one embedded resource (PGRST108 / PGRST118). */
export function resolveOrder(node: ReadNode, term: OrderTerm): PlanOrder | RestError {
  if (!term.relation) {
    const field = resolveField(node.source, term.field);
    return field instanceof RestError ? field : { field, direction: term.direction, nulls: term.nulls };
  }
  const child = node.children.find((candidate) => (candidate.alias ?? candidate.name) === term.relation);
  if (!child)
    return new RestError(
      400,
      "PGRST108",
      `'${term.relation}' is not an embedded resource in this request`,
      null,
      `Verify that '${term.relation}' is included in the 'select' query parameter.`,
    );
  const cardinality = child.relationship?.cardinality;
  if (cardinality !== "M2O" && cardinality !== "O2O") {
    return new RestError(
      400,
      "PGRST118",
      `A related order on '${term.relation}' is not possible`,
      `'${node.source.table ?? node.name}' and '${term.relation}' do not form a many-to-one or one-to-one relationship`,
    );
  }
  const field = resolveField(child.source, term.field);
  if (field instanceof RestError) return field;
  return { relation: child.aggAlias, field, direction: term.direction, nulls: term.nulls };
}
