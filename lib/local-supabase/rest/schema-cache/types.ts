/** What the REST service knows about the exposed schema, read from the catalog at start. */

export interface Column {
  name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. `character varying(10)`, `uuid[]`. */
  type: string;
  /** The base type's name (a domain's underlying type), e.g. `jsonb`, `tsvector`, `_uuid`. */
  baseType: string;
  nullable: boolean;
  /** The default expression from the catalog (`pg_get_expr`), used for `Prefer: missing=default`. */
  defaultExpr: string | null;
  generated: boolean;
  /** A computed field: a function taking the table's row, called as `table.function`. */
  computed: boolean;
}

export interface Table {
  schema: string;
  name: string;
  isView: boolean;
  columns: Map<string, Column>;
  primaryKey: string[];
}

export type Cardinality = "M2O" | "O2M" | "O2O" | "M2M";

export interface Junction {
  table: string;
  /** The junction's FK to the origin table, and its (junction column, origin column) pairs. */
  constraint1: string;
  columns1: [string, string][];
  /** The junction's FK to the target table, and its (junction column, target column) pairs. */
  constraint2: string;
  columns2: [string, string][];
}

/**
 * A relationship from `table` (the embedding side) to `foreignTable` (the embedded one).
 * `columns` pairs a column of `table` with a column of `foreignTable`; M2M goes through `junction`.
 */
export interface Relationship {
  table: string;
  foreignTable: string;
  cardinality: Cardinality;
  constraint: string;
  columns: [string, string][];
  isSelf: boolean;
  foreignIsView: boolean;
  junction?: Junction;
  /**
   * A computed relationship: a function of `table`'s row returning rows of `foreignTable`
   * (to-one when it returns one row), embedded by the function's name.
   */
  computed?: { function: string };
}

export interface RoutineParam {
  name: string;
  type: string;
  required: boolean;
  variadic: boolean;
}

export type Volatility = "immutable" | "stable" | "volatile";

/** How a function's result is shaped in the response. */
export interface RoutineReturn {
  /** A composite (a table's row, a composite type or OUT parameters) rather than a scalar. */
  composite: boolean;
  setOf: boolean;
  void: boolean;
  /** The table whose rows the function returns, so the result can embed its relationships. */
  table?: string;
  /** The columns of a composite result, when known. */
  columns?: Map<string, Column>;
}

export interface Routine {
  schema: string;
  name: string;
  params: RoutineParam[];
  returns: RoutineReturn;
  volatility: Volatility;
  /** `SET` clauses of the function (`proconfig`), applied before the call as PostgREST does. */
  settings: [string, string][];
}

export interface SchemaCache {
  schema: string;
  tables: Map<string, Table>;
  /** Relationships by origin table name. */
  relationships: Map<string, Relationship[]>;
  routines: Map<string, Routine[]>;
  /** Role settings (`ALTER ROLE … SET`) per role, applied inside each request's transaction. */
  roleSettings: Map<string, [string, string][]>;
  /** Every role in the cluster, to answer a JWT naming an unknown role as PostgREST does. */
  roles: Set<string>;
}
