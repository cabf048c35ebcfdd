import type { JsonStep, Operation } from "../parse/ast";
import type { PlanFilter, PlanLogic, PlanOrder, ResolvedField } from "../plan/types";
import { arrayLiteral, ident, type Params } from "./params";

/** Fields, filters, logic trees and orders as SQL (PostgREST's `SqlFragment.hs`). */

const QUANT_SQL: Record<string, string> = {
  eq: "=",
  gte: ">=",
  gt: ">",
  lte: "<=",
  lt: "<",
  like: "like",
  ilike: "ilike",
  match: "~",
  imatch: "~*",
};
const SIMPLE_SQL: Record<string, string> = {
  neq: "<>",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};
const FTS_SQL: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};
const IS_SQL: Record<string, string> = {
  null: "NULL",
  not_null: "NOT NULL",
  true: "TRUE",
  false: "FALSE",
  unknown: "UNKNOWN",
};

export function jsonPathSql(path: JsonStep[], params: Params): string {
  return path.map((step) => `${step.arrow}${params.add(step.value)}${step.index ? "::int" : ""}`).join("");
}

/** A column of `qualifier`, through its JSON path, as the text search vector when asked. */
export function fieldSql(qualifier: string, field: ResolvedField, params: Params): string {
  let sql = field.name === "*" ? `${qualifier}.*` : `${qualifier}.${ident(field.name)}`;
  if (field.jsonPath.length > 0)
    sql = `${field.toJson ? `to_jsonb(${sql})` : sql}${jsonPathSql(field.jsonPath, params)}`;
  if (field.toTsVector) {
    const language = field.toTsVector.language;
    sql = `to_tsvector(${language ? `${params.add(language)}, ` : ""}${sql})`;
  }
  return sql;
}

function operationSql(operation: Operation, params: Params): string {
  switch (operation.kind) {
    case "quant": {
      // `*` is the URL-friendly wildcard of like/ilike.
      const value =
        operation.op === "like" || operation.op === "ilike" ? operation.value.replaceAll("*", "%") : operation.value;
      const placeholder = params.add(value);
      const operand = operation.quantifier ? `${operation.quantifier.toUpperCase()}(${placeholder})` : placeholder;
      return ` ${QUANT_SQL[operation.op]} ${operand}`;
    }
    case "simple":
      return ` ${SIMPLE_SQL[operation.op]} ${params.add(operation.value)}`;
    case "in":
      // `= ANY(array)` rather than IN: an empty list stays valid SQL and one statement shape.
      return operation.values.length === 1 && operation.values[0] === ""
        ? " = ANY('{}') "
        : ` = ANY (${params.add(arrayLiteral(operation.values))}) `;
    case "is":
      return ` IS ${IS_SQL[operation.value]}`;
    case "isdistinct":
      return ` IS DISTINCT FROM ${params.add(operation.value)}`;
    case "fts": {
      const language = operation.language ? `${params.add(operation.language)}, ` : "";
      return ` @@ ${FTS_SQL[operation.op]}(${language}${params.add(operation.value)}) `;
    }
  }
}

export function filterSql(qualifier: string, filter: PlanFilter, params: Params): string {
  if (filter.kind === "null-embed")
    return `${ident(filter.aggAlias)} IS ${filter.negated ? "" : "NOT "}DISTINCT FROM NULL`;
  return `${filter.negated ? "NOT" : ""} ${fieldSql(qualifier, filter.field, params)}${operationSql(filter.operation, params)}`;
}

/** A logic tree; `statement` formats its leaves (the count query formats null-embeds its own way). */
export function logicSql(tree: PlanLogic, params: Params, statement: (filter: PlanFilter) => string): string {
  if (tree.kind === "stmt") return statement(tree.filter);
  const joined = tree.children
    .map((child) => logicSql(child, params, statement))
    .join(tree.operator === "and" ? " AND " : " OR ");
  return `${tree.negated ? "NOT" : ""} (${joined})`;
}

export function orderSql(qualifier: string, order: PlanOrder[], params: Params): string {
  if (order.length === 0) return "";
  const terms = order.map((term) => {
    const field = term.relation
      ? fieldSql(ident(term.relation), term.field, params)
      : fieldSql(qualifier, term.field, params);
    const direction = term.direction ? ` ${term.direction.toUpperCase()}` : "";
    const nulls = term.nulls ? ` NULLS ${term.nulls.toUpperCase()}` : "";
    return `${field}${direction}${nulls}`;
  });
  return `ORDER BY ${terms.join(", ")}`;
}
