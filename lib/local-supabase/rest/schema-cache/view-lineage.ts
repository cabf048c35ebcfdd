/**
 * Which table column each view column is, so a view inherits its tables' foreign keys for
 * embedding (as PostgREST's view key dependencies do). PostgreSQL records it in the view's
 * `_RETURN` rule: each top-level target entry of the stored query carries `resorigtbl` and
 * `resorigcol` when it is a plain column reference, through subqueries too. A column of a
 * view over a view is followed down to its table.
 */

/** A view as `VIEW_RULES_SQL` returns it: its rule's query tree in PostgreSQL's node text. */
export interface ViewRule {
  oid: number;
  action: string;
}

export interface ColumnOrigin {
  relid: number;
  attnum: number;
}

interface TargetEntry {
  name: string;
  origin?: ColumnOrigin;
}

/**
 * The top-level target list of the rule's first query, in column order. In the node text the
 * outer list is depth 1, the query's fields depth 2, the target list depth 3 and its entries'
 * fields depth 4; nested queries (subqueries, sublinks) are deeper and skipped. Backslash
 * escapes a delimiter inside a name.
 */
export function parseTargetList(action: string): TargetEntry[] {
  const entries: TargetEntry[] = [];
  let depth = 0;
  let inTargetList = false;
  let fields: Record<string, string> = {};
  let i = 0;
  const readToken = (): string => {
    let token = "";
    while (i < action.length && /\s/.test(action[i])) i++;
    while (i < action.length && !/[\s{}()]/.test(action[i])) {
      if (action[i] === "\\" && i + 1 < action.length) i++;
      token += action[i++];
    }
    return token;
  };
  while (i < action.length) {
    const char = action[i];
    if (char === "\\") {
      i += 2;
    } else if (char === "{" || char === "(") {
      depth++;
      i++;
    } else if (char === "}" || char === ")") {
      depth--;
      i++;
      if (inTargetList && depth === 3 && char === "}") {
        if (fields.resjunk !== "true") {
          const relid = Number(fields.resorigtbl);
          entries.push({
            name: fields.resname ?? "",
            origin: relid > 0 ? { relid, attnum: Number(fields.resorigcol) } : undefined,
          });
        }
        fields = {};
      }
      if (inTargetList && depth <= 2) return entries;
    } else if (char === ":") {
      i++;
      const field = readToken();
      if (depth === 2 && field === "targetList") inTargetList = true;
      else if (inTargetList && depth === 4 && ["resname", "resorigtbl", "resorigcol", "resjunk"].includes(field))
        fields[field] = readToken();
    } else {
      i++;
    }
  }
  return entries;
}

/**
 * For every view, its columns that are a table's column, followed through views over views
 * (PostgreSQL refuses recursive views, so this ends).
 */
export function resolveViewColumns(rules: ViewRule[]): Map<number, Map<string, ColumnOrigin>> {
  const targets = new Map(rules.map((rule) => [rule.oid, parseTargetList(rule.action)]));
  const base = (origin: ColumnOrigin | undefined): ColumnOrigin | undefined => {
    let current = origin;
    while (current && targets.has(current.relid)) current = targets.get(current.relid)![current.attnum - 1]?.origin;
    return current;
  };
  const resolved = new Map<number, Map<string, ColumnOrigin>>();
  for (const [oid, entries] of targets) {
    const columns = new Map<string, ColumnOrigin>();
    for (const entry of entries) {
      const origin = base(entry.origin);
      if (origin) columns.set(entry.name, origin);
    }
    resolved.set(oid, columns);
  }
  return resolved;
}

/** A foreign key by oids and attribute numbers (`FOREIGN_KEY_ATTNUMS_SQL`). */
export interface ForeignKeyAttnums {
  constraint_name: string;
  relid: number;
  foreign_relid: number;
  attnums: [number, number][];
  one_to_one: boolean;
}

/** A relation of the exposed schema: its name, whether it is a view, its columns by attnum. */
export interface ExposedRelation {
  name: string;
  isView: boolean;
  columnsByAttnum: Map<number, string>;
}

/** One foreign key seen from the exposed schema, in the shape of `FOREIGN_KEYS_SQL`'s rows. */
export interface DerivedForeignKey {
  table_name: string;
  foreign_table_name: string;
  foreign_is_view: boolean;
  is_self: boolean;
  constraint_name: string;
  columns: [string, string][];
  one_to_one: boolean;
}

/** Every way of naming all of `attnums` of `relid` in relation `oid` (several view columns may be one column). */
function namings(
  oid: number,
  relation: ExposedRelation,
  viewColumns: Map<number, Map<string, ColumnOrigin>>,
  relid: number,
  attnums: number[],
): string[][] {
  const perColumn = attnums.map((attnum) => {
    if (!relation.isView)
      return oid === relid && relation.columnsByAttnum.has(attnum) ? [relation.columnsByAttnum.get(attnum)!] : [];
    const columns = viewColumns.get(oid) ?? new Map<string, ColumnOrigin>();
    return [...columns]
      .filter(([, origin]) => origin.relid === relid && origin.attnum === attnum)
      .map(([name]) => name);
  });
  return perColumn.reduce<string[][]>(
    (combinations, names) => combinations.flatMap((prefix) => names.map((name) => [...prefix, name])),
    [[]],
  );
}

/**
 * The foreign keys views inherit: for each FK, every relation of the exposed schema that
 * shows its columns (the table itself or a view) on each side, except table-to-table, which
 * `FOREIGN_KEYS_SQL` already gives. Like PostgREST, these are never self-relationships.
 */
export function viewForeignKeys(
  foreignKeys: ForeignKeyAttnums[],
  relations: Map<number, ExposedRelation>,
  viewColumns: Map<number, Map<string, ColumnOrigin>>,
): DerivedForeignKey[] {
  const derived: DerivedForeignKey[] = [];
  const views = [...relations].filter(([, relation]) => relation.isView);
  for (const fk of foreignKeys) {
    const columns = fk.attnums.map(([column]) => column);
    const references = fk.attnums.map(([, reference]) => reference);
    const sides = (relid: number, attnums: number[]) => {
      const candidates = relations.has(relid) ? [[relid, relations.get(relid)!] as const, ...views] : views;
      return candidates.flatMap(([oid, relation]) =>
        namings(oid, relation, viewColumns, relid, attnums).map((names) => ({ oid, relation, names })),
      );
    };
    const origins = sides(fk.relid, columns);
    const targets = sides(fk.foreign_relid, references);
    for (const origin of origins)
      for (const target of targets) {
        if (!origin.relation.isView && !target.relation.isView) continue;
        derived.push({
          table_name: origin.relation.name,
          foreign_table_name: target.relation.name,
          foreign_is_view: target.relation.isView,
          is_self: false,
          constraint_name: fk.constraint_name,
          columns: origin.names.map((name, index) => [name, target.names[index]]),
          one_to_one: fk.one_to_one,
        });
      }
  }
  return derived;
}
