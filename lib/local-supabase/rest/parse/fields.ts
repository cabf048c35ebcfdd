import type { FieldRef, JsonStep } from "./ast";
import type { Cursor } from "./cursor";

/** The building blocks every parameter shares: field names, JSON paths, quoted values. */

const FIELD_NAME = "field name (* or [a..z0..9_$])";
const isIdentifierChar = (char: string) => /[\p{L}\p{N}_ $]/u.test(char);

/** `"…"` with backslash escapes; the quotes let a name or value hold any character. */
export function quotedValue(cursor: Cursor): string {
  cursor.expect('"');
  let value = "";
  for (;;) {
    const char = cursor.peek();
    if (char === undefined) cursor.fail(['"']);
    cursor.pos++;
    if (char === '"') return value;
    if (char === "\\") {
      const escaped = cursor.peek();
      if (escaped === undefined) cursor.fail(["any character"]);
      value += escaped;
      cursor.pos++;
    } else {
      value += char;
    }
  }
}

/** Parts joined by dashes, where a dash followed by `>` starts a JSON arrow instead. */
function sepByDash(cursor: Cursor, part: () => string): string {
  const parts = [part()];
  while (cursor.peek() === "-" && cursor.peek(1) !== ">") {
    cursor.pos++;
    parts.push(part());
  }
  return parts.join("-");
}

export function identifier(cursor: Cursor, expecting = FIELD_NAME): string {
  const raw = cursor.takeWhile(isIdentifierChar);
  if (!raw) cursor.fail([expecting]);
  return raw.trim();
}

/** PostgREST's `pFieldName`: a quoted name, or identifier characters with inner dashes. */
export function fieldName(cursor: Cursor): string {
  if (cursor.peek() === '"') return quotedValue(cursor);
  return sepByDash(cursor, () => identifier(cursor));
}

function jsonKeyName(cursor: Cursor): string {
  if (cursor.peek() === '"') return quotedValue(cursor);
  return sepByDash(cursor, () => {
    const raw = cursor.takeWhile((char) => !"(-:.,>)".includes(char));
    if (!raw) cursor.fail(["any non reserved character different from: .,>()"]);
    return raw.trim();
  });
}

/** An index is digits followed by the end of the step; anything else is read as a key. */
function jsonIndex(cursor: Cursor): string {
  const sign = cursor.accept("-") ? "-" : "+";
  const digits = cursor.takeWhile((char) => char >= "0" && char <= "9");
  if (!digits) cursor.fail(["digit"]);
  const ends =
    cursor.eof ||
    cursor.startsWith("->") ||
    cursor.startsWith("::") ||
    cursor.startsWith(".") ||
    cursor.startsWith(",");
  if (!ends) cursor.fail(["digit", '"->"', '"::"', '"."', '","', "end of input"]);
  return sign + digits;
}

export function jsonPath(cursor: Cursor): JsonStep[] {
  const steps: JsonStep[] = [];
  for (;;) {
    const arrow = cursor.accept("->>") ? "->>" : cursor.accept("->") ? "->" : undefined;
    if (!arrow) return steps;
    const index = cursor.attempt(() => jsonIndex(cursor));
    if (index !== undefined) steps.push({ arrow, value: index, index: true });
    else steps.push({ arrow, value: jsonKeyName(cursor), index: false });
  }
}

/** `name` with an optional JSON path, surrounded by optional spaces (PostgREST's `pField`). */
export function field(cursor: Cursor): FieldRef {
  cursor.skipSpaces();
  const name = fieldName(cursor);
  const path = jsonPath(cursor);
  cursor.skipSpaces();
  return { name, jsonPath: path };
}

/** `a,b,"c d"`: the `columns` and `on_conflict` parameters. */
export function columnList(cursor: Cursor): string[] {
  const names = [fieldName(cursor)];
  for (;;) {
    const saved = cursor.pos;
    cursor.skipSpaces();
    if (!cursor.accept(",")) {
      cursor.pos = saved;
      return names;
    }
    cursor.skipSpaces();
    names.push(fieldName(cursor));
  }
}

/**
 * `::type` casts are written into the SQL unquoted (quoting would break `int`, `bigint`…),
 * so only letters, digits, `_` and spaces are accepted. PostgREST also accepts `$`; we do
 * not, because `$$` would open a dollar-quoted string in the generated statement.
 */
export function castName(cursor: Cursor): string {
  const raw = cursor.takeWhile((char) => /[\p{L}\p{N}_ ]/u.test(char));
  if (!raw.trim()) cursor.fail(["letter or digit"]);
  return raw.trim();
}
