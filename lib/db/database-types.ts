import type pg from "pg";

/**
 * The supabase-js `Database` type of the `public` schema, generated from the live catalog of a
 * database the migrations built, in the shape `supabase gen types typescript` writes. The SQL
 * migrations are the one source of the schema; this type follows them (a test regenerates it
 * and fails when the committed file differs: `npm run db:types`).
 */

interface Column {
  table_name: string;
  kind: "r" | "p" | "v";
  column_name: string;
  type: string;
  nullable: boolean;
  has_default: boolean;
  identity_always: boolean;
  generated: boolean;
  updatable: boolean;
}

interface ForeignKey {
  table_name: string;
  name: string;
  columns: string[];
  referenced: string;
  referenced_columns: string[];
  one_to_one: boolean;
}

interface Routine {
  name: string;
  arg_names: string[] | null;
  arg_types: string[];
  arg_modes: string[] | null;
  defaults: number;
  returns: string;
  returns_set: boolean;
  table_columns: { name: string; type: string }[] | null;
}

// Each type rendered as TypeScript; arrays are element type + "[]" (see tsType).
const SCALARS: Record<string, string> = {
  bool: "boolean",
  int2: "number",
  int4: "number",
  int8: "number",
  float4: "number",
  float8: "number",
  numeric: "number",
  oid: "number",
  json: "Json",
  jsonb: "Json",
  void: "undefined",
};
const STRINGS = new Set([
  "text",
  "varchar",
  "bpchar",
  "char",
  "name",
  "uuid",
  "date",
  "time",
  "timetz",
  "timestamp",
  "timestamptz",
  "interval",
  "inet",
  "cidr",
  "macaddr",
  "bytea",
  "citext",
  "tsvector",
  "tsquery",
  "bit",
  "varbit",
]);

function tsType(type: string, enums: Map<string, string[]>): string {
  if (type.startsWith("_")) return `${tsType(type.slice(1), enums)}[]`;
  if (type in SCALARS) return SCALARS[type];
  if (STRINGS.has(type)) return "string";
  if (enums.has(type)) return `Database["public"]["Enums"]["${type}"]`;
  return "unknown";
}

const key = (name: string) => (/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name));
const indent = (text: string, by: string) =>
  text
    .split("\n")
    .map((line) => (line ? by + line : line))
    .join("\n");

function objectType(fields: [string, string][], empty = "never"): string {
  if (fields.length === 0) return `{\n  [_ in ${empty}]: never\n}`;
  return `{\n${fields.map(([name, type]) => `  ${name}: ${type}`).join("\n")}\n}`;
}

async function readCatalog(pool: pg.Pool) {
  const columns = (
    await pool.query<Column>(`
      SELECT c.relname AS table_name, c.relkind AS kind, a.attname AS column_name,
             CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END AS type,
             NOT a.attnotnull AS nullable, a.atthasdef AS has_default,
             a.attidentity = 'a' AS identity_always, a.attidentity <> '' AS identity_any,
             a.attgenerated <> '' AS generated,
             (c.relkind <> 'v' OR pg_column_is_updatable(c.oid, a.attnum, false)) AS updatable
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_type bt ON bt.oid = t.typbasetype
      WHERE c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition
      ORDER BY c.relname, a.attnum`)
  ).rows.map((c) => ({ ...c, has_default: c.has_default || (c as unknown as { identity_any: boolean }).identity_any }));

  const foreignKeys = (
    await pool.query<ForeignKey>(`
      SELECT c.relname AS table_name, con.conname AS name,
             ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
             rc.relname AS referenced,
             ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.n ORDER BY k.i) AS referenced_columns,
             EXISTS (SELECT 1 FROM pg_constraint u WHERE u.conrelid = con.conrelid AND u.contype IN ('p', 'u')
                     AND u.conkey::int2[] @> con.conkey::int2[] AND u.conkey::int2[] <@ con.conkey::int2[]) AS one_to_one
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      JOIN pg_class rc ON rc.oid = con.confrelid
      JOIN pg_namespace rn ON rn.oid = rc.relnamespace AND rn.nspname = 'public'
      WHERE con.contype = 'f' AND NOT c.relispartition AND con.conparentid = 0
      ORDER BY c.relname, con.conname`)
  ).rows;

  const enums = new Map(
    (
      await pool.query<{ name: string; labels: string[] }>(`
        SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace AND n.nspname = 'public'
        JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`)
    ).rows.map((row) => [row.name, row.labels]),
  );

  const routines = (
    await pool.query<Routine>(`
      SELECT p.proname AS name, p.proargnames AS arg_names,
             ARRAY(SELECT t.typname::text FROM unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) WITH ORDINALITY a(oid, i)
                   JOIN pg_type t ON t.oid = a.oid ORDER BY a.i) AS arg_types,
             p.proargmodes::text[] AS arg_modes, p.pronargdefaults AS defaults,
             rt.typname AS returns, p.proretset AS returns_set,
             CASE WHEN rt.typtype = 'c' THEN (
               SELECT json_agg(json_build_object('name', a.attname, 'type', at.typname) ORDER BY a.attnum)
               FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid
               WHERE a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS table_columns
      FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
      JOIN pg_type rt ON rt.oid = p.prorettype
      WHERE p.prokind = 'f' AND rt.typname NOT IN ('trigger', 'event_trigger')
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
        AND has_function_privilege('authenticated', p.oid, 'EXECUTE')
      ORDER BY p.proname, p.oid`)
  ).rows;
  return { columns, foreignKeys, enums, routines };
}

function relationships(foreignKeys: ForeignKey[]): string {
  if (foreignKeys.length === 0) return "[]";
  const items = foreignKeys.map(
    (fk) =>
      `{\n  foreignKeyName: ${JSON.stringify(fk.name)}\n  columns: ${JSON.stringify(fk.columns)}\n  isOneToOne: ${fk.one_to_one}\n  referencedRelation: ${JSON.stringify(fk.referenced)}\n  referencedColumns: ${JSON.stringify(fk.referenced_columns)}\n}`,
  );
  return `[\n${items.map((item) => indent(item, "  ")).join(",\n")},\n]`;
}

function routineType(routine: Routine, enums: Map<string, string[]>): string {
  const names = routine.arg_names ?? [];
  const modes = routine.arg_modes ?? routine.arg_types.map(() => "i");
  const inputs = routine.arg_types
    .map((type, i) => ({ type, name: names[i] ?? "", mode: modes[i] }))
    .filter((arg) => arg.mode === "i" || arg.mode === "b" || arg.mode === "v");
  const firstDefault = inputs.length - routine.defaults;
  const args: [string, string][] = inputs.map((arg, i) => [
    `${key(arg.name || "")}${i >= firstDefault ? "?" : ""}`,
    tsType(arg.type, enums),
  ]);
  const outputs = routine.arg_types
    .map((type, i) => ({ type, name: names[i] ?? "", mode: modes[i] }))
    .filter((arg) => arg.mode === "o" || arg.mode === "t" || arg.mode === "b");
  let returns: string;
  if (routine.returns === "record" && outputs.length > 0) {
    returns = objectType(outputs.map((o) => [key(o.name), tsType(o.type, enums)]));
  } else if (routine.table_columns) {
    returns = objectType(routine.table_columns.map((c) => [key(c.name), tsType(c.type, enums)]));
  } else {
    returns = tsType(routine.returns, enums);
  }
  if (routine.returns_set) returns = returns.startsWith("{") ? `${returns}[]` : `${returns}[]`;
  return `{\n  Args: ${indent(objectType(args), "  ").trimStart()}\n  Returns: ${indent(returns, "  ").trimStart()}\n}`;
}

export async function generateDatabaseTypes(pool: pg.Pool): Promise<string> {
  const { columns, foreignKeys, enums, routines } = await readCatalog(pool);
  const relations = new Map<string, Column[]>();
  for (const column of columns) relations.set(column.table_name, [...(relations.get(column.table_name) ?? []), column]);

  const tables: string[] = [];
  const views: string[] = [];
  for (const [name, cols] of relations) {
    const isView = cols[0].kind === "v";
    const row = objectType(
      cols.map((c) => [key(c.column_name), `${tsType(c.type, enums)}${c.nullable || isView ? " | null" : ""}`]),
    );
    const insertable = cols.filter((c) => c.updatable);
    const insert = objectType(
      insertable.map((c) =>
        c.generated || c.identity_always
          ? [`${key(c.column_name)}?`, "never"]
          : [
              `${key(c.column_name)}${c.nullable || c.has_default || isView ? "?" : ""}`,
              `${tsType(c.type, enums)}${c.nullable || isView ? " | null" : ""}`,
            ],
      ),
    );
    const update = objectType(
      insertable.map((c) =>
        c.generated || c.identity_always
          ? [`${key(c.column_name)}?`, "never"]
          : [`${key(c.column_name)}?`, `${tsType(c.type, enums)}${c.nullable || isView ? " | null" : ""}`],
      ),
    );
    const rels = relationships(foreignKeys.filter((fk) => fk.table_name === name));
    const body = isView
      ? `Row: ${indent(row, "  ").trimStart()}\nRelationships: ${indent(rels, "  ").trimStart()}`
      : `Row: ${indent(row, "  ").trimStart()}\nInsert: ${indent(insert, "  ").trimStart()}\nUpdate: ${indent(update, "  ").trimStart()}\nRelationships: ${indent(rels, "  ").trimStart()}`;
    (isView ? views : tables).push(`${key(name)}: {\n${indent(body, "  ")}\n}`);
  }

  // Overloads become a union, as the Supabase CLI writes them.
  const byName = new Map<string, string[]>();
  for (const routine of routines)
    byName.set(routine.name, [...(byName.get(routine.name) ?? []), routineType(routine, enums)]);
  const functions = [...byName].map(
    ([name, types]) =>
      `${key(name)}:${types.length > 1 ? "\n  | " + types.map((t) => indent(t, "    ").trimStart()).join("\n  | ") : " " + types[0]}`,
  );
  const enumTypes = [...enums].map(
    ([name, labels]) => `${key(name)}: ${labels.map((l) => JSON.stringify(l)).join(" | ")}`,
  );

  const section = (entries: string[], empty: string) =>
    entries.length ? `{\n${entries.map((e) => indent(e, "  ")).join("\n")}\n}` : `{\n  [_ in never]: ${empty}\n}`;

  return `// Generated from the database's catalog by \`npm run db:types\`; do not edit.
// The SQL migrations in db/migrations are the schema's one source.

export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: ${indent(section(tables, "never"), "    ").trimStart()}
    Views: ${indent(section(views, "never"), "    ").trimStart()}
    Functions: ${indent(section(functions, "never"), "    ").trimStart()}
    Enums: ${indent(section(enumTypes, "never"), "    ").trimStart()}
    CompositeTypes: {
      [_ in never]: never
    }
  }
};

type PublicSchema = Database["public"];
export type Tables<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Row"];
export type TablesInsert<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Insert"];
export type TablesUpdate<T extends keyof PublicSchema["Tables"]> = PublicSchema["Tables"][T]["Update"];
`;
}
