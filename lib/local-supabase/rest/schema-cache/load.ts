import type pg from "pg";
import {
  COLUMNS_SQL,
  FOREIGN_KEYS_SQL,
  PRIMARY_KEYS_SQL,
  ROLE_SETTINGS_SQL,
  ROLES_SQL,
  ROUTINES_SQL,
  TABLES_SQL,
} from "./catalog";
import { buildRelationships, type ForeignKey } from "./relationships";
import type { Column, Routine, RoutineParam, SchemaCache, Table, Volatility } from "./types";

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

/** Reads the exposed schema from the catalog; PostgREST's schema cache, reduced to what we serve. */
export async function loadSchemaCache(db: Queryable, schema: string): Promise<SchemaCache> {
  const [tableRows, columnRows, pkRows, fkRows, routineRows, settingRows, roleRows] = await Promise.all([
    db.query<{ name: string; is_view: boolean }>(TABLES_SQL, [schema]),
    db.query<{
      table_name: string;
      name: string;
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
  for (const row of pkRows.rows) {
    const table = tables.get(row.table_name);
    if (table) table.primaryKey = row.columns;
  }

  const routines = new Map<string, Routine[]>();
  for (const row of routineRows.rows) {
    const routine = toRoutine(schema, row);
    routines.set(row.name, [...(routines.get(row.name) ?? []), routine]);
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

  const roleSettings = new Map<string, [string, string][]>();
  // Database-specific settings come last so they override the cluster-wide ones.
  for (const row of settingRows.rows)
    roleSettings.set(row.role, [...(roleSettings.get(row.role) ?? []), ...splitSettings(row.settings)]);

  return {
    schema,
    tables,
    relationships: buildRelationships(fkRows.rows, tables),
    routines,
    roleSettings,
    roles: new Set(roleRows.rows.map((row) => row.rolname)),
  };
}
