/**
 * The catalog queries behind the schema cache (a configured schema that does not exist
 * matches nothing, through `to_regnamespace`), modelled on PostgREST's `SchemaCache.hs`
 * (tables and views, columns, primary keys, foreign keys with one-to-one detection,
 * functions with their parameters and result shapes, role settings).
 */

export const TABLES_SQL = `
SELECT c.oid::int AS oid, c.relname AS name, c.relkind IN ('v', 'm') AS is_view
FROM pg_class c
WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND NOT c.relispartition
ORDER BY c.relname`;

export const COLUMNS_SQL = `
SELECT c.relname AS table_name, a.attname AS name, a.attnum AS attnum, format_type(a.atttypid, a.atttypmod) AS type,
       coalesce(bt.typname, t.typname) AS base_type, NOT a.attnotnull AS nullable,
       CASE
         WHEN t.typbasetype <> 0 AND d.adbin IS NULL THEN pg_get_expr(t.typdefaultbin, 0)
         WHEN a.attidentity = 'd' THEN format('nextval(%L)', pg_get_serial_sequence(c.oid::regclass::text, a.attname))
         WHEN a.attgenerated <> '' THEN NULL
         ELSE pg_get_expr(d.adbin, d.adrelid)
       END AS default_expr, a.attgenerated <> '' AS generated
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE c.relnamespace = to_regnamespace($1) AND c.relkind IN ('r', 'v', 'm', 'f', 'p') AND NOT c.relispartition
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum`;

export const PRIMARY_KEYS_SQL = `
SELECT c.relname AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
WHERE con.contype = 'p' AND c.relnamespace = to_regnamespace($1)
GROUP BY c.relname`;

/** Many-to-one foreign keys between exposed tables; `one_to_one` when the FK columns are unique. */
export const FOREIGN_KEYS_SQL = `
WITH uniques AS (
  SELECT conrelid, array_agg(key ORDER BY key) AS cols
  FROM pg_constraint, LATERAL unnest(conkey) AS _(key)
  WHERE contype IN ('p', 'u')
  GROUP BY oid, conrelid
)
SELECT tab.relname AS table_name, other.relname AS foreign_table_name, other.relkind IN ('v', 'm') AS foreign_is_view,
       con.conrelid = con.confrelid AS is_self, con.conname AS constraint_name,
       cols.pairs AS columns, cols.attnums IN (SELECT u.cols FROM uniques u WHERE u.conrelid = con.conrelid) AS one_to_one
FROM pg_constraint con
JOIN pg_class tab ON tab.oid = con.conrelid
JOIN pg_class other ON other.oid = con.confrelid
CROSS JOIN LATERAL (
  SELECT json_agg(json_build_array(c.attname, r.attname) ORDER BY k.ord) AS pairs, array_agg(c.attnum ORDER BY c.attnum) AS attnums
  FROM unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, ref, ord)
  JOIN pg_attribute c ON c.attrelid = con.conrelid AND c.attnum = k.col
  JOIN pg_attribute r ON r.attrelid = con.confrelid AND r.attnum = k.ref
) cols
WHERE con.contype = 'f' AND con.conparentid = 0
  AND tab.relnamespace = to_regnamespace($1) AND other.relnamespace = to_regnamespace($1)
ORDER BY con.conrelid, con.conname`;

/**
 * Functions and procedures: parameters (name, type, mode) in order, result type and its
 * shape, volatility and `SET` clauses; `arg_table` names the table whose row type is the
 * only argument (a computed field when the result is not a set).
 */
export const ROUTINES_SQL = `
SELECT p.proname AS name, p.provolatile AS volatility, p.proretset AS set_of, p.pronargdefaults AS defaults,
       format_type(p.prorettype, NULL) AS return_type, rt.typtype AS return_typtype,
       p.prorettype = 'void'::regtype AS returns_void, p.prorettype = 'record'::regtype AS returns_record,
       rtab.relname AS return_table,
       coalesce((SELECT json_agg(json_build_array(a.attname, format_type(a.atttypid, a.atttypmod)) ORDER BY a.attnum)
                 FROM pg_attribute a WHERE rt.typrelid <> 0 AND a.attrelid = rt.typrelid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS return_columns,
       coalesce((SELECT json_agg(json_build_array(coalesce(p.proargnames[i], ''), format_type(coalesce(p.proallargtypes[i], p.proargtypes[i - 1]), NULL), coalesce(p.proargmodes[i], 'i')) ORDER BY i)
                 FROM generate_series(1, coalesce(array_length(p.proallargtypes, 1), p.pronargs)) AS i), '[]') AS args,
       atab.relname AS arg_table,
       coalesce(p.proconfig, '{}') AS settings, obj_description(p.oid, 'pg_proc') AS description
FROM pg_proc p
JOIN pg_type rt ON rt.oid = p.prorettype
LEFT JOIN pg_class rtab ON rtab.oid = rt.typrelid AND rtab.relnamespace = to_regnamespace($1) AND rtab.relkind IN ('r', 'v', 'm', 'f', 'p')
LEFT JOIN pg_class atab ON p.pronargs = 1 AND atab.reltype = p.proargtypes[0] AND atab.relnamespace = to_regnamespace($1)
  AND atab.relkind IN ('r', 'v', 'm', 'f', 'p')
WHERE p.pronamespace = to_regnamespace($1) AND p.prokind IN ('f', 'p')
ORDER BY p.proname, p.oid`;

/**
 * The stored query of every view and materialized view outside the system schemas (a view
 * of the exposed schema may select from views and tables anywhere), for `view-lineage.ts`.
 */
export const VIEW_RULES_SQL = `
SELECT c.oid::int AS oid, r.ev_action::text AS action
FROM pg_class c
JOIN pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'
WHERE c.relkind IN ('v', 'm') AND c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)`;

/** Every foreign key by relation oid and attribute numbers, for the relationships of views. */
export const FOREIGN_KEY_ATTNUMS_SQL = `
WITH uniques AS (
  SELECT conrelid, array_agg(key ORDER BY key) AS cols
  FROM pg_constraint, LATERAL unnest(conkey) AS _(key)
  WHERE contype IN ('p', 'u')
  GROUP BY oid, conrelid
)
SELECT con.conname AS constraint_name, con.conrelid::int AS relid, con.confrelid::int AS foreign_relid,
       (SELECT json_agg(json_build_array(k.col, k.ref) ORDER BY k.ord)
        FROM unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, ref, ord)) AS attnums,
       (SELECT array_agg(key ORDER BY key) FROM unnest(con.conkey) AS _(key)) IN (SELECT u.cols FROM uniques u WHERE u.conrelid = con.conrelid) AS one_to_one
FROM pg_constraint con
WHERE con.contype = 'f' AND con.conparentid = 0
ORDER BY con.conrelid, con.conname`;

/**
 * Computed relationships (PostgREST's `allComputedRels`): functions of one argument, a
 * relation's row type, returning a relation's row type; one row when not SETOF or `ROWS 1`.
 */
export const COMPUTED_RELATIONSHIPS_SQL = `
SELECT p.proname AS function_name, atab.relname AS table_name, rtab.relname AS foreign_table_name,
       NOT p.proretset OR p.prorows = 1 AS single_row, rtab.relkind IN ('v', 'm') AS foreign_is_view
FROM pg_proc p
JOIN pg_class atab ON atab.reltype = p.proargtypes[0] AND atab.relkind IN ('r', 'v', 'm', 'f', 'p')
JOIN pg_class rtab ON rtab.reltype = p.prorettype AND rtab.relkind IN ('r', 'v', 'm', 'f', 'p')
WHERE p.pronargs = 1 AND p.prokind = 'f' AND p.pronamespace = to_regnamespace($1)
  AND atab.relnamespace = to_regnamespace($1) AND rtab.relnamespace = to_regnamespace($1)
ORDER BY p.proname, p.oid`;

export const ROLE_SETTINGS_SQL = `
SELECT r.rolname AS role, s.setconfig AS settings, s.setdatabase <> 0 AS database_specific
FROM pg_db_role_setting s
JOIN pg_roles r ON r.oid = s.setrole
WHERE s.setdatabase IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))
ORDER BY database_specific`;

export const ROLES_SQL = "SELECT rolname FROM pg_roles";
