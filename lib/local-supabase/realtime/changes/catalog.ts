import type pg from "pg";

export const CHANGES_PUBLICATION = "supabase_realtime";

export interface TableColumn {
  name: string;
  /** `pg_type.typname`, what Realtime reports in `columns` (int4, text, _text, timestamptz…). */
  typeName: string;
  /** The type as SQL can cast to it, without modifiers (casting must never truncate). */
  sqlType: string;
}

export interface TableInfo {
  relid: number;
  schema: string;
  table: string;
  /** The quoted, qualified name for SQL text. */
  qualified: string;
  rlsEnabled: boolean;
  /** In attnum order. */
  columns: TableColumn[];
  primaryKey: string[];
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const TABLE_SQL = `
  SELECT c.oid::int AS relid, n.nspname AS schema, c.relname AS table, c.relrowsecurity AS rls,
    coalesce((SELECT json_agg(json_build_object('name', a.attname, 'typeName', t.typname, 'sqlType', format_type(a.atttypid, NULL)) ORDER BY a.attnum)
              FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
              WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
    coalesce((SELECT json_agg(a.attname ORDER BY array_position(k.conkey, a.attnum))
              FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY(k.conkey)
              WHERE k.conrelid = c.oid AND k.contype = 'p'), '[]') AS pk
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace`;

interface TableRow {
  relid: number;
  schema: string;
  table: string;
  rls: boolean;
  columns: TableColumn[];
  pk: string[];
}

const toInfo = (row: TableRow): TableInfo => ({
  relid: row.relid,
  schema: row.schema,
  table: row.table,
  qualified: `${quoteIdent(row.schema)}.${quoteIdent(row.table)}`,
  rlsEnabled: row.rls,
  columns: row.columns,
  primaryKey: row.pk,
});

/**
 * What the change processor needs to know about a table, read from the catalog and kept
 * until the replication stream says the relation changed (a Relation message follows
 * every schema change before the next row of that table).
 */
export class TableCatalog {
  private readonly byRelid = new Map<number, Promise<TableInfo | undefined>>();

  constructor(private readonly pool: pg.Pool) {}

  get(relid: number): Promise<TableInfo | undefined> {
    let info = this.byRelid.get(relid);
    if (!info) {
      info = this.pool
        .query<TableRow>(`${TABLE_SQL} WHERE c.oid = $1`, [relid])
        .then((result) => (result.rows[0] ? toInfo(result.rows[0]) : undefined));
      info.catch(() => this.byRelid.delete(relid));
      this.byRelid.set(relid, info);
    }
    return info;
  }

  invalidate(relid: number): void {
    this.byRelid.delete(relid);
  }

  /** Tables of the changes publication matching a subscription's schema and table (table may be "*"). */
  async published(schema: string, table: string | undefined): Promise<TableInfo[]> {
    const wildcard = table === undefined || table === "*";
    const { rows } = await this.pool.query<TableRow>(
      `${TABLE_SQL}
       WHERE c.oid IN (SELECT (quote_ident(p.schemaname) || '.' || quote_ident(p.tablename))::regclass FROM pg_publication_tables p WHERE p.pubname = $1)
         AND ($2 = '*' OR n.nspname = $2) AND ($3::text IS NULL OR c.relname = $3)`,
      [CHANGES_PUBLICATION, schema, wildcard ? null : table],
    );
    return rows.map(toInfo);
  }
}
