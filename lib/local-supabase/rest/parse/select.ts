import type { AggregateFunction, SelectField, SelectItem, SelectRelation } from "./ast";
import type { Cursor } from "./cursor";
import { castName, field, fieldName } from "./fields";

/**
 * `select=` (PostgREST's `pFieldForest`): columns with aliases, casts, JSON paths and
 * aggregates, and embedded resources `alias:relation!hint!inner(…)` / spreads `...relation(…)`.
 */

const AGGREGATES: AggregateFunction[] = ["sum", "avg", "count", "max", "min"];

/**
 * Where the current item ends at this nesting level (`,` `)` or the end), and whether an
 * alias colon or a `(` comes before that: cheap lookaheads that spare most backtracking.
 */
function itemShape(cursor: Cursor): { colon: boolean; paren: boolean; quoted: boolean } {
  const text = cursor.text;
  let colon = false;
  for (let i = cursor.pos; i < text.length; i++) {
    const char = text[i];
    if (char === '"') return { colon: true, paren: true, quoted: true };
    if (char === "(") return { colon, paren: true, quoted: false };
    if (char === "," || char === ")") return { colon, paren: false, quoted: false };
    if (char === ":") {
      if (text[i + 1] === ":") i++;
      else colon = true;
    }
  }
  return { colon, paren: false, quoted: false };
}

/** `:` that separates an alias, but not the first colon of a `::` cast. */
function aliasPrefix(cursor: Cursor): string | undefined {
  if (!itemShape(cursor).colon) return undefined;
  return cursor.attempt(() => {
    const alias = fieldName(cursor);
    if (!cursor.startsWith(":") || cursor.startsWith("::")) cursor.fail(['":"']);
    cursor.pos++;
    return alias;
  });
}

function embedParams(cursor: Cursor): Pick<SelectRelation, "hint" | "joinType"> {
  const params: Pick<SelectRelation, "hint" | "joinType"> = {};
  for (let i = 0; i < 2 && cursor.peek() === "!"; i++) {
    cursor.pos++;
    if (cursor.accept("left")) params.joinType ??= "left";
    else if (cursor.accept("inner")) params.joinType ??= "inner";
    else params.hint ??= fieldName(cursor);
  }
  return params;
}

function relationHeader(cursor: Cursor): Omit<SelectRelation, "children"> {
  cursor.skipSpaces();
  const spread = cursor.accept("...");
  const alias = spread ? undefined : aliasPrefix(cursor);
  const name = fieldName(cursor);
  if (name === "count" && !spread) cursor.fail(['"("']);
  const params = embedParams(cursor);
  if (cursor.peek() !== "(") cursor.fail(['"("']);
  return { kind: "relation", name, alias, spread, ...params };
}

/** Lookahead for the end of a select item: `)` `,` or the end. */
function atItemEnd(cursor: Cursor): boolean {
  return cursor.eof || cursor.peek() === ")" || cursor.peek() === ",";
}

function requireItemEnd(cursor: Cursor, expecting: string[]): void {
  if (!atItemEnd(cursor)) cursor.fail([...expecting, '")"', '","', "end of input"]);
}

function fieldItem(cursor: Cursor): SelectField {
  cursor.skipSpaces();
  const star =
    cursor.peek() !== "*"
      ? undefined
      : cursor.attempt(() => {
          cursor.expect("*");
          cursor.skipSpaces();
          requireItemEnd(cursor, []);
          return true;
        });
  if (star) return { kind: "field", field: { name: "*", jsonPath: [] } };
  const countAll = !itemShape(cursor).paren
    ? undefined
    : cursor.attempt(() => {
        const alias = aliasPrefix(cursor);
        cursor.expect("count()");
        const aggregateCast = cursor.accept("::") ? castName(cursor) : undefined;
        cursor.skipSpaces();
        requireItemEnd(cursor, []);
        return {
          kind: "field",
          field: { name: "*", jsonPath: [] },
          alias,
          aggregate: "count",
          aggregateCast,
        } satisfies SelectField;
      });
  if (countAll) return countAll;
  const alias = aliasPrefix(cursor);
  const ref = field(cursor);
  const cast = cursor.accept("::") ? castName(cursor) : undefined;
  const aggregate =
    cursor.peek() !== "."
      ? undefined
      : cursor.attempt(() => {
          cursor.expect(".");
          const name = AGGREGATES.find((candidate) => cursor.startsWith(`${candidate}()`));
          if (!name) cursor.fail(AGGREGATES.map((candidate) => `"${candidate}"`));
          cursor.pos += name.length + 2;
          return name;
        });
  const aggregateCast = aggregate && cursor.accept("::") ? castName(cursor) : undefined;
  cursor.skipSpaces();
  requireItemEnd(cursor, ['"->>"', '"->"', '"::"', '"."']);
  return { kind: "field", field: ref, alias, cast, aggregate, aggregateCast };
}

function item(cursor: Cursor): SelectItem {
  const header = itemShape(cursor).paren ? cursor.attempt(() => relationHeader(cursor)) : undefined;
  if (!header) return fieldItem(cursor);
  cursor.expect("(");
  const children = forest(cursor);
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return { ...header, children };
}

function forest(cursor: Cursor): SelectItem[] {
  cursor.skipSpaces();
  if (cursor.eof || cursor.peek() === ")") return [];
  const items = [item(cursor)];
  while (cursor.peek() === ",") {
    cursor.pos++;
    cursor.skipSpaces();
    items.push(item(cursor));
  }
  return items;
}

export function selectParser(cursor: Cursor): SelectItem[] {
  return forest(cursor);
}
