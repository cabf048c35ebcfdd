/** The request grammar as data (PostgREST's `ApiRequest/Types.hs`). */

export interface JsonStep {
  arrow: "->" | "->>";
  /** A key, or an array index like `+1` / `-2` when `index` is set. */
  value: string;
  index: boolean;
}

export interface FieldRef {
  name: string;
  jsonPath: JsonStep[];
}

export type AggregateFunction = "count" | "sum" | "avg" | "max" | "min";

export interface SelectField {
  kind: "field";
  field: FieldRef;
  alias?: string;
  cast?: string;
  aggregate?: AggregateFunction;
  aggregateCast?: string;
}

export interface SelectRelation {
  kind: "relation";
  name: string;
  alias?: string;
  hint?: string;
  joinType?: "inner" | "left";
  spread: boolean;
  children: SelectItem[];
}

export type SelectItem = SelectField | SelectRelation;

export type QuantOperator = "eq" | "gte" | "gt" | "lte" | "lt" | "like" | "ilike" | "match" | "imatch";
export type SimpleOperator = "neq" | "cs" | "cd" | "ov" | "sl" | "sr" | "nxr" | "nxl" | "adj";
export type FtsOperator = "fts" | "plfts" | "phfts" | "wfts";
export type IsValue = "null" | "not_null" | "true" | "false" | "unknown";

export type Operation =
  | { kind: "quant"; op: QuantOperator; quantifier?: "any" | "all"; value: string }
  | { kind: "simple"; op: SimpleOperator; value: string }
  | { kind: "in"; values: string[] }
  | { kind: "is"; value: IsValue }
  | { kind: "isdistinct"; value: string }
  | { kind: "fts"; op: FtsOperator; language?: string; value: string };

export interface Filter {
  field: FieldRef;
  negated: boolean;
  operation: Operation;
}

export type LogicTree =
  | { kind: "filter"; filter: Filter }
  | { kind: "expr"; negated: boolean; operator: "and" | "or"; children: LogicTree[] };

export interface OrderTerm {
  /** Set for `order=relation(column)`: ordering by a to-one embedded resource's column. */
  relation?: string;
  field: FieldRef;
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}
