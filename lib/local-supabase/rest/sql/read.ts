import { isToOne } from "../schema-cache/relationships";
import { isAllRows, rangeLimit, type RowRange } from "../request/range";
import type { PlanSelect, ReadNode } from "../plan/types";
import { fieldSql, filterSql, logicSql, orderSql } from "./fragments";
import { ident, type Params } from "./params";

/**
 * The read plan as SQL (PostgREST's `readPlanToQuery` / `readPlanToCountQuery`): each
 * embedded resource is a correlated LATERAL subquery; to-one ones become an object, to-many
 * ones a JSON array, spreads lift the child's columns into the parent.
 */

/** Whether the embed selects nothing at all (`devices()` used only to filter with !inner). */
function isEmptyEmbed(node: ReadNode): boolean {
  return node.select.length === 0 && node.children.every(isEmptyEmbed);
}

function selectItemSql(qualifier: string, item: PlanSelect, params: Params): string {
  const field = fieldSql(qualifier, item.field, params);
  const cast = item.cast ? `CAST( ${field} AS ${item.cast} )` : field;
  return item.alias ? `${cast} AS ${ident(item.alias)}` : cast;
}

const isToManySpread = (node: ReadNode) => node.spread && !!node.relationship && !isToOne(node.relationship);

/** The names a node's rows carry: its fields, its embeds, and what its spreads lift into it. */
function outputNames(node: ReadNode): string[] {
  return [
    ...node.select.map((item) => item.alias ?? item.field.name),
    ...node.children.flatMap((child) =>
      child.spread ? outputNames(child) : isEmptyEmbed(child) ? [] : [child.alias ?? child.name],
    ),
  ];
}

function joinSelects(node: ReadNode): string[] {
  return node.children.flatMap((child) => {
    const agg = ident(child.aggAlias);
    // A to-many spread lifts each of its columns as an array of the rows' values.
    if (isToManySpread(child)) return outputNames(child).map((name) => `${agg}.${ident(name)}`);
    // A to-one spread lifts every column its subquery outputs into the parent row.
    if (child.spread) return [`${agg}.*`];
    if (isEmptyEmbed(child)) return [];
    const name = ident(child.alias ?? child.name);
    return child.relationship && isToOne(child.relationship)
      ? [`row_to_json(${agg}.*)::jsonb AS ${name}`]
      : [`COALESCE( ${agg}.${agg}, '[]') AS ${name}`];
  });
}

/** The child's correlation with its parent: FK columns, or through the junction table. */
export function joinConditions(
  child: ReadNode,
  parentQualifier: string,
  schemaSql: (table: string) => string,
): string[] {
  const rel = child.relationship;
  // A computed relationship's rows come from its function of the parent row, not a join.
  if (!rel || rel.computed) return [];
  if (rel.junction) {
    const junction = schemaSql(rel.junction.table);
    return [
      ...rel.junction.columns2.map(
        ([junctionColumn, targetColumn]) =>
          `${junction}.${ident(junctionColumn)} = ${child.source.qualifier}.${ident(targetColumn)}`,
      ),
      ...rel.junction.columns1.map(
        ([junctionColumn, originColumn]) =>
          `${junction}.${ident(junctionColumn)} = ${parentQualifier}.${ident(originColumn)}`,
      ),
    ];
  }
  return rel.columns.map(
    ([column, foreignColumn]) =>
      `${child.source.qualifier}.${ident(foreignColumn)} = ${parentQualifier}.${ident(column)}`,
  );
}

/**
 * The node's FROM. A computed relationship calls its function with the parent row, cast to
 * the parent table's type (the rows of a mutation or call are a CTE's record, not that type).
 */
export function fromSql(node: ReadNode, schemaSql: (table: string) => string, parentQualifier?: string): string {
  const alias = node.source.alias ? ` AS ${ident(node.source.alias)}` : "";
  const rel = node.relationship;
  const junction = rel?.junction ? `, ${schemaSql(rel.junction.table)}` : "";
  const source =
    rel?.computed && parentQualifier
      ? `${schemaSql(rel.computed.function)}((${parentQualifier}.*)::${schemaSql(rel.table)})`
      : node.source.sql;
  return ` FROM ${source}${alias}${junction}`;
}

export function limitOffsetSql(range: RowRange, params: Params): string {
  if (isAllRows(range)) return "";
  const limit = rangeLimit(range);
  return `LIMIT ${limit === null ? "ALL" : params.add(String(limit))} OFFSET ${params.add(String(range.lower))}`;
}

function joinSql(
  child: ReadNode,
  parentQualifier: string,
  params: Params,
  schemaSql: (table: string) => string,
): string {
  const subquery = readSql(child, params, schemaSql, parentQualifier);
  const agg = ident(child.aggAlias);
  const kind = child.joinType === "inner" ? "INNER" : "LEFT";
  if (isToManySpread(child)) {
    // PostgREST v12's to-many spread: one array per column, each in the level's order, which
    // the subquery exposes as extra columns since the aggregate cannot see its ORDER BY.
    const order = child.order.map((term, index) => {
      const direction = term.direction ? ` ${term.direction.toUpperCase()}` : "";
      const nulls = term.nulls ? ` NULLS ${term.nulls.toUpperCase()}` : "";
      return `${agg}.${ident(`pgrst_order_${index + 1}`)}${direction}${nulls}`;
    });
    const orderBy = order.length ? ` ORDER BY ${order.join(", ")}` : "";
    const columns = outputNames(child).map(
      (name) => `COALESCE(json_agg(${agg}.${ident(name)}${orderBy}), '[]')::jsonb AS ${ident(name)}`,
    );
    const aggregated = `SELECT json_agg(${agg})::jsonb AS ${agg}${columns.map((column) => `, ${column}`).join("")} FROM (${subquery} ) AS ${agg}`;
    return ` ${kind} JOIN LATERAL ( ${aggregated} ) AS ${agg} ON ${child.joinType === "inner" ? `${agg}.${agg} IS NOT NULL` : "TRUE"}`;
  }
  if (child.spread || (child.relationship && isToOne(child.relationship)))
    return ` ${kind} JOIN LATERAL ( ${subquery} ) AS ${agg} ON TRUE`;
  const aggregated = `SELECT json_agg(${agg})::jsonb AS ${agg} FROM (${subquery} ) AS ${agg}`;
  return ` ${kind} JOIN LATERAL ( ${aggregated} ) AS ${agg} ON ${child.joinType === "inner" ? `${agg} IS NOT NULL` : "TRUE"}`;
}

/** `parentQualifier` is set for embedded nodes, whose subqueries correlate with the parent row. */
export function readSql(
  node: ReadNode,
  params: Params,
  schemaSql: (table: string) => string,
  parentQualifier?: string,
): string {
  const qualifier = node.source.qualifier;
  const own =
    node.select.length === 0 && node.children.length === 0
      ? [`${qualifier}.*`]
      : node.select.map((item) => selectItemSql(qualifier, item, params));
  const orderColumns = isToManySpread(node)
    ? node.order.map((term, index) => {
        const field = term.relation
          ? fieldSql(ident(term.relation), term.field, params)
          : fieldSql(qualifier, term.field, params);
        return `${field} AS ${ident(`pgrst_order_${index + 1}`)}`;
      })
    : [];
  const selects = [...own, ...joinSelects(node), ...orderColumns];
  const joins = node.children.map((child) => joinSql(child, qualifier, params, schemaSql)).join("");
  const conditions = [
    ...node.where.map((tree) => logicSql(tree, params, (filter) => filterSql(qualifier, filter, params))),
    ...(parentQualifier ? joinConditions(node, parentQualifier, schemaSql) : []),
  ];
  const where = conditions.length ? ` WHERE ${conditions.join(" AND ")}` : "";
  return `SELECT ${selects.join(", ")}${fromSql(node, schemaSql, parentQualifier)}${joins}${where} ${orderSql(qualifier, node.order, params)} ${limitOffsetSql(node.range, params)}`;
}

/**
 * Counts the rows the root would return without its range: its filters, plus EXISTS for
 * every `!inner` child (an inner join would multiply or drop rows differently).
 */
export function countSql(
  node: ReadNode,
  params: Params,
  schemaSql: (table: string) => string,
  parentQualifier?: string,
): string {
  const qualifier = node.source.qualifier;
  const childCount = (aggAlias: string) => node.children.find((child) => child.aggAlias === aggAlias);
  const statement = (filter: Parameters<typeof filterSql>[1]) => {
    if (filter.kind !== "null-embed") return filterSql(qualifier, filter, params);
    const child = childCount(filter.aggAlias);
    return child ? `${filter.negated ? "" : "NOT "}EXISTS (${countSql(child, params, schemaSql, qualifier)})` : "";
  };
  const conditions = [
    ...node.where.map((tree) => logicSql(tree, params, statement)),
    ...(parentQualifier ? joinConditions(node, parentQualifier, schemaSql) : []),
    ...node.children
      .filter((child) => child.joinType === "inner")
      .map((child) => `EXISTS (${countSql(child, params, schemaSql, qualifier)} )`),
  ];
  return `SELECT 1${fromSql(node, schemaSql, parentQualifier)}${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""}`;
}
