import type pg from "pg";
import {
  COLUMNS_SQL,
  COMPUTED_RELATIONSHIPS_SQL,
  FOREIGN_KEY_ATTNUMS_SQL,
  VIEW_RULES_SQL,
  FOREIGN_KEYS_SQL,
  PRIMARY_KEYS_SQL,
  ROLE_SETTINGS_SQL,
  ROLES_SQL,
  ROUTINES_SQL,
  TABLES_SQL,
} from "./catalog";
import { buildRelationships, type ComputedRelationship, type ForeignKey } from "./relationships";
import type { Column, Routine, RoutineParam, SchemaCache, Table, Volatility } from "./types";
import {
  resolveViewColumns,
  viewForeignKeys,
  type ExposedRelation,
  type ForeignKeyAttnums,
  type ViewRule,
} from "./view-lineage";

type Queryable = Pick<pg.Pool, "query">;

interface RoutineRow {
  name: string;
  volatility: "i" | "s" | "v";
  set_of: boolean;
  defaults: number;
  return_type: string;
  return_typtype: string;
  returns_void: boolean;
  returns_record: boolean;
  return_table: string | null;
  return_columns: [string, string][];
  args: [string, string, string][];
  arg_table: string | null;
  settings: string[];
  description: string | null;
}

const VOLATILITY: Record<RoutineRow["volatility"], Volatility> = { i: "immutable", s: "stable", v: "volatile" };

/** `key=value` entries of `proconfig` / `setconfig`. */
function splitSettings(entries: string[]): [string, string][] {
  return entries.map((entry) => {
    const at = entry.indexOf("=");
    return [entry.slice(0, at), entry.slice(at + 1)];
  });
}

function scalarColumn(name: string, type: string): Column {
  return { name, type, baseType: type, nullable: true, defaultExpr: null, generated: false, computed: false };
}

function toRoutine(schema: string, row: RoutineRow): Routine {
  const inputs = row.args.filter(([, , mode]) => mode === "i" || mode === "b" || mode === "v");
  const outputs = row.args.filter(([, , mode]) => mode === "o" || mode === "b" || mode === "t");
  const params: RoutineParam[] = inputs.map(([name, type, mode], index) => ({
    name,
    type,
    required: index < inputs.length - row.defaults,
    variadic: mode === "v",
  }));
  const composite =
    row.return_typtype === "c" || (row.returns_record && outputs.length > 0) || (row.returns_record && row.set_of);
  const columnPairs =
    row.return_columns.length > 0
      ? row.return_columns
      : outputs.map(([name, type]) => [name, type] as [string, string]);
  return {
    schema,
    name: row.name,
    params,
    volatility: VOLATILITY[row.volatility],
    settings: splitSettings(row.settings),
    returns: {
      composite,
      setOf: row.set_of,
      void: row.returns_void,
      table: row.return_table ?? undefined,
      columns:
        composite && columnPairs.length > 0
          ? new Map(columnPairs.map(([name, type]) => [name, scalarColumn(name, type)]))
          : undefined,
    },
  };
}

/** Types a single unnamed parameter may have: the body is passed as it (PostgREST's `callable`). */
const WHOLE_BODY_TYPES = new Set(["bytea", "json", "jsonb", "text", "xml"]);

/**
 * PostgREST leaves out of its cache the functions it could not call by name: those with more
 * than one unnamed parameter, or with one whose first parameter is not of a type a body can be.
 */
function callable(routine: Routine): boolean {
  const unnamed = routine.params.filter((param) => param.name === "").length;
  if (unnamed === 0) return true;
  return unnamed === 1 && WHOLE_BODY_TYPES.has(routine.params[0].type);
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Overloads in PostgREST's order (`instance Ord Routine`), which its PGRST203 message lists:
 * fewer parameters first, then by description (none first), then parameter by parameter.
 */
function compareOverloads(a: Routine, b: Routine, descriptions: Map<Routine, string | null>): number {
  if (a.params.length !== b.params.length) return a.params.length - b.params.length;
  const [da, db] = [descriptions.get(a) ?? null, descriptions.get(b) ?? null];
  if (da !== db) return da === null ? -1 : db === null ? 1 : compareText(da, db);
  for (let i = 0; i < a.params.length; i++) {
    const [pa, pb] = [a.params[i], b.params[i]];
    const order =
      compareText(pa.name, pb.name) ||
      compareText(pa.type, pb.type) ||
      Number(pa.required) - Number(pb.required) ||
      Number(pa.variadic) - Number(pb.variadic);
    if (order !== 0) return order;
  }
  return 0;
}

/** Reads the exposed schema from the catalog; PostgREST's schema cache, reduced to what we serve. */
export async function loadSchemaCache(db: Queryable, schema: string): Promise<SchemaCache> {
  const [
    tableRows,
    columnRows,
    pkRows,
    fkRows,
    routineRows,
    settingRows,
    roleRows,
    computedRows,
    viewRows,
    fkAttnumRows,
  ] = await Promise.all([
    db.query<{ oid: number; name: string; is_view: boolean }>(TABLES_SQL, [schema]),
    db.query<{
      table_name: string;
      name: string;
      attnum: number;
      type: string;
      base_type: string;
      nullable: boolean;
      default_expr: string | null;
      generated: boolean;
    }>(COLUMNS_SQL, [schema]),
    db.query<{ table_name: string; columns: string[] }>(PRIMARY_KEYS_SQL, [schema]),
    db.query<ForeignKey>(FOREIGN_KEYS_SQL, [schema]),
    db.query<RoutineRow>(ROUTINES_SQL, [schema]),
    db.query<{ role: string; settings: string[] }>(ROLE_SETTINGS_SQL),
    db.query<{ rolname: string }>(ROLES_SQL),
    db.query<ComputedRelationship>(COMPUTED_RELATIONSHIPS_SQL, [schema]),
    db.query<ViewRule>(VIEW_RULES_SQL),
    db.query<ForeignKeyAttnums>(FOREIGN_KEY_ATTNUMS_SQL),
  ]);

  const tables = new Map<string, Table>();
  for (const row of tableRows.rows)
    tables.set(row.name, { schema, name: row.name, isView: row.is_view, columns: new Map(), primaryKey: [] });
  for (const row of columnRows.rows) {
    tables.get(row.table_name)?.columns.set(row.name, {
      name: row.name,
      type: row.type,
      baseType: row.base_type,
      nullable: row.nullable,
      defaultExpr: row.default_expr,
      generated: row.generated,
      computed: false,
    });
  }
  const exposed = new Map<number, ExposedRelation>(
    tableRows.rows.map((row) => [row.oid, { name: row.name, isView: row.is_view, columnsByAttnum: new Map() }]),
  );
  const oidByName = new Map(tableRows.rows.map((row) => [row.name, row.oid]));
  for (const row of columnRows.rows)
    exposed.get(oidByName.get(row.table_name)!)?.columnsByAttnum.set(row.attnum, row.name);
  for (const row of pkRows.rows) {
    const table = tables.get(row.table_name);
    if (table) table.primaryKey = row.columns;
  }

  const routines = new Map<string, Routine[]>();
  const descriptions = new Map<Routine, string | null>();
  for (const row of routineRows.rows) {
    const routine = toRoutine(schema, row);
    if (callable(routine)) {
      routines.set(row.name, [...(routines.get(row.name) ?? []), routine]);
      descriptions.set(routine, row.description);
    }
    // `table.function` in SQL calls a function of the row: PostgREST's computed fields.
    const table = row.arg_table ? tables.get(row.arg_table) : undefined;
    if (table && !row.set_of && !table.columns.has(row.name)) {
      table.columns.set(row.name, {
        ...scalarColumn(row.name, row.return_type),
        baseType: row.return_type,
        computed: true,
      });
    }
  }

  for (const overloads of routines.values()) overloads.sort((a, b) => compareOverloads(a, b, descriptions));

  const roleSettings = new Map<string, [string, string][]>();
  // Database-specific settings come last so they override the cluster-wide ones.
  for (const row of settingRows.rows)
    roleSettings.set(row.role, [...(roleSettings.get(row.role) ?? []), ...splitSettings(row.settings)]);

  return {
    schema,
    tables,
    relationships: buildRelationships(
      [...fkRows.rows, ...viewForeignKeys(fkAttnumRows.rows, exposed, resolveViewColumns(viewRows.rows))],
      tables,
      computedRows.rows,
    ),
    routines,
    roleSettings,
    roles: new Set(roleRows.rows.map((row) => row.rolname)),
  };
}
