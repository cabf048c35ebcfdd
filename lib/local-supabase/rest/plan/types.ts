import type { JsonStep, Operation } from "../parse/ast";
import type { RowRange } from "../request/range";
import type { Column, Relationship } from "../schema-cache/types";

/** The request resolved against the schema cache, ready to become SQL (`Plan/Types.hs`). */

export interface ResolvedField {
  /** A column (or computed field) name, or `*`. */
  name: string;
  jsonPath: JsonStep[];
  /** Non-JSON columns are wrapped in `to_jsonb(…)` before a JSON path applies. */
  toJson: boolean;
  /** Full-text filters on a non-tsvector column search `to_tsvector([config,] column)`. */
  toTsVector?: { language?: string };
  column?: Column;
}

export interface PlanSelect {
  field: ResolvedField;
  alias?: string;
  cast?: string;
}

export type PlanFilter =
  | { kind: "filter"; field: ResolvedField; negated: boolean; operation: Operation }
  /** `relation=is.null` / `relation=not.is.null` on an embedded resource. */
  | { kind: "null-embed"; negated: boolean; aggAlias: string };

export type PlanLogic =
  | { kind: "stmt"; filter: PlanFilter }
  | { kind: "expr"; negated: boolean; operator: "and" | "or"; children: PlanLogic[] };

export interface PlanOrder {
  /** The lateral join alias of a to-one embedded resource (`order=relation(column)`). */
  relation?: string;
  field: ResolvedField;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

/** Where a node reads from and how its columns are qualified in SQL. */
export interface NodeSource {
  /** `"public"."devices"`, or `pgrst_source` for the rows of a mutation or function. */
  sql: string;
  /** The alias given in `FROM … AS alias`, if any. */
  alias?: string;
  /** What columns are qualified with: the alias, or the quoted table. */
  qualifier: string;
  /** How PostgreSQL names the relation in its errors (the alias, else the table name). */
  displayName: string;
  /** The table, for relationships and column checks; absent for a scalar function result. */
  table?: string;
  columns?: Map<string, Column>;
}

export interface ReadNode {
  /** The name used in `select` (a table, constraint or column naming the relationship). */
  name: string;
  alias?: string;
  hint?: string;
  joinType?: "inner" | "left";
  spread: boolean;
  source: NodeSource;
  select: PlanSelect[];
  where: PlanLogic[];
  order: PlanOrder[];
  range: RowRange;
  relationship?: Relationship;
  /** The alias of the lateral join that brings this node's rows to its parent. */
  aggAlias: string;
  depth: number;
  children: ReadNode[];
}
