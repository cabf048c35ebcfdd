import { ambiguousRelationship, noRelationship, type RestError } from "../errors";
import { closest } from "./similarity";
import type { Junction, Relationship, Table } from "./types";

/** One foreign key as `FOREIGN_KEYS_SQL` returns it. */
export interface ForeignKey {
  table_name: string;
  foreign_table_name: string;
  foreign_is_view: boolean;
  is_self: boolean;
  constraint_name: string;
  columns: [string, string][];
  one_to_one: boolean;
}

/** One function as `COMPUTED_RELATIONSHIPS_SQL` returns it. */
export interface ComputedRelationship {
  function_name: string;
  table_name: string;
  foreign_table_name: string;
  single_row: boolean;
  foreign_is_view: boolean;
}

const swap = (pairs: [string, string][]): [string, string][] => pairs.map(([a, b]) => [b, a]);

/**
 * PostgREST's relationships: each FK is many-to-one (or one-to-one when its columns are
 * unique) from its table, plus the inverse (one-to-many / one-to-one) from the referenced
 * table, plus many-to-many through a junction table whose primary key covers both FKs.
 */
export function buildRelationships(
  foreignKeys: ForeignKey[],
  tables: Map<string, Table>,
  computedRelationships: ComputedRelationship[] = [],
): Map<string, Relationship[]> {
  const direct: Relationship[] = foreignKeys.map((fk) => ({
    table: fk.table_name,
    foreignTable: fk.foreign_table_name,
    cardinality: fk.one_to_one ? "O2O" : "M2O",
    constraint: fk.constraint_name,
    columns: fk.columns,
    isSelf: fk.is_self,
    foreignIsView: fk.foreign_is_view,
  }));
  const inverse: Relationship[] = direct.map((rel) => ({
    table: rel.foreignTable,
    foreignTable: rel.table,
    cardinality: rel.cardinality === "O2O" ? "O2O" : "O2M",
    constraint: rel.constraint,
    columns: swap(rel.columns),
    isSelf: rel.isSelf,
    foreignIsView: tables.get(rel.table)?.isView ?? false,
  }));
  const manyToMany: Relationship[] = [];
  for (const first of direct) {
    if (first.cardinality !== "M2O") continue;
    const primaryKey = new Set(tables.get(first.table)?.primaryKey ?? []);
    for (const second of direct) {
      if (second.table !== first.table || second.cardinality !== "M2O" || second.constraint === first.constraint)
        continue;
      const junctionColumns = [...first.columns, ...second.columns].map(([column]) => column);
      if (!junctionColumns.every((column) => primaryKey.has(column))) continue;
      const junction: Junction = {
        table: first.table,
        constraint1: first.constraint,
        columns1: first.columns,
        constraint2: second.constraint,
        columns2: second.columns,
      };
      manyToMany.push({
        table: first.foreignTable,
        foreignTable: second.foreignTable,
        cardinality: "M2M",
        constraint: first.constraint,
        columns: [],
        isSelf: first.foreignTable === second.foreignTable,
        foreignIsView: second.foreignIsView,
        junction,
      });
    }
  }
  const computed: Relationship[] = computedRelationships.map((fn) => ({
    table: fn.table_name,
    foreignTable: fn.foreign_table_name,
    cardinality: fn.single_row ? "M2O" : "O2M",
    constraint: fn.function_name,
    columns: [],
    isSelf: fn.table_name === fn.foreign_table_name,
    foreignIsView: fn.foreign_is_view,
    computed: { function: fn.function_name },
  }));
  const byTable = new Map<string, Relationship[]>();
  for (const rel of [...direct, ...inverse, ...manyToMany, ...computed])
    byTable.set(rel.table, [...(byTable.get(rel.table) ?? []), rel]);
  return byTable;
}

export const isToOne = (rel: Relationship) => rel.cardinality === "M2O" || rel.cardinality === "O2O";

const singleColumn = (rel: Relationship, side: 0 | 1) => (rel.columns.length === 1 ? rel.columns[0][side] : undefined);

function describe(rel: Relationship): object {
  const cols = (pairs: [string, string][], side: 0 | 1) => `(${pairs.map((pair) => pair[side]).join(", ")})`;
  if (rel.junction) {
    const j = rel.junction;
    return {
      cardinality: "many-to-many",
      embedding: `${rel.table} with ${rel.foreignTable}`,
      relationship: `${j.table} using ${j.constraint1}${cols(j.columns1, 0)} and ${j.constraint2}${cols(j.columns2, 0)}`,
    };
  }
  const names: Record<string, string> = { M2O: "many-to-one", O2M: "one-to-many", O2O: "one-to-one" };
  return {
    cardinality: names[rel.cardinality],
    embedding: `${rel.table} with ${rel.foreignTable}`,
    relationship: `${rel.constraint} using ${rel.table}${cols(rel.columns, 0)} and ${rel.foreignTable}${cols(rel.columns, 1)}`,
  };
}

/**
 * PostgREST's `findRel`: the relationship from `origin` that `target` (a table, constraint
 * or column name) names, narrowed by an optional `!hint`. None → PGRST200, several → PGRST201.
 */
export function findRelationship(
  all: Map<string, Relationship[]>,
  schema: string,
  origin: string,
  target: string,
  hint?: string,
): Relationship | RestError {
  const candidates = (all.get(origin) ?? []).filter((rel) => {
    if (rel.computed) return target === rel.computed.function;
    const constraintMatches = (name: string) => rel.cardinality !== "M2M" && rel.constraint === name;
    if (rel.isSelf && rel.cardinality !== "M2M") {
      if (!hint)
        return (
          (target === rel.foreignTable && rel.cardinality === "O2M") ||
          (singleColumn(rel, 0) === target && rel.cardinality === "M2O")
        );
      return target === rel.foreignTable && rel.cardinality === "O2M" && singleColumn(rel, 1) === hint;
    }
    if (!hint) {
      return (
        target === rel.foreignTable ||
        (!rel.foreignIsView &&
          (constraintMatches(target) || (rel.cardinality !== "M2M" && singleColumn(rel, 0) === target)))
      );
    }
    return (
      target === rel.foreignTable &&
      (constraintMatches(hint) ||
        (rel.cardinality !== "M2M" && (singleColumn(rel, 0) === hint || singleColumn(rel, 1) === hint)) ||
        rel.junction?.table === hint)
    );
  });
  if (candidates.length === 1) return candidates[0];
  if (candidates.length > 1) {
    const hints = candidates.map(
      (rel) => `'${rel.foreignTable}!${rel.junction ? rel.junction.table : rel.constraint}'`,
    );
    return ambiguousRelationship(origin, target, candidates.map(describe), hints);
  }
  // Suggest a close table name: the parent's when it has no relationships, else the child's.
  const known = all.get(origin);
  const suggestion = known
    ? closest(
        target,
        [...new Set(known.map((rel) => rel.foreignTable))].filter((name) => name !== target),
        0.33,
      )
    : closest(origin, [...all.keys()], 0.33);
  const hintText = suggestion
    ? `Perhaps you meant '${suggestion}' instead of '${known ? target : origin}'.`
    : undefined;
  return noRelationship(origin, target, hint, schema, hintText);
}
