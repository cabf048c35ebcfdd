import type { OrderTerm } from "./ast";
import type { Cursor } from "./cursor";
import { field, fieldName } from "./fields";

/** `order=a.desc.nullslast,b,relation(c).asc` (PostgREST's `pOrder`). */

function direction(cursor: Cursor): Pick<OrderTerm, "direction" | "nulls"> {
  const result: Pick<OrderTerm, "direction" | "nulls"> = {};
  const step = (options: [string, () => void][]) =>
    cursor.attempt(() => {
      cursor.expect(".", "delimiter (.)");
      const match = options.find(([word]) => cursor.startsWith(word));
      if (!match) cursor.fail(options.map(([word]) => `"${word}"`));
      cursor.pos += match[0].length;
      match[1]();
      return true;
    });
  step([
    ["asc", () => (result.direction = "asc")],
    ["desc", () => (result.direction = "desc")],
  ]);
  step([
    ["nullsfirst", () => (result.nulls = "first")],
    ["nullslast", () => (result.nulls = "last")],
  ]);
  if (!cursor.eof && cursor.peek() !== ",") {
    if (cursor.peek() === ".") {
      cursor.pos++;
      cursor.fail(
        result.direction || result.nulls
          ? ['"nullsfirst"', '"nullslast"']
          : ['"asc"', '"desc"', '"nullsfirst"', '"nullslast"'],
      );
    }
    cursor.fail(['","', "end of input"]);
  }
  return result;
}

function term(cursor: Cursor): OrderTerm {
  cursor.skipSpaces();
  const related = cursor.attempt(() => {
    const relation = fieldName(cursor);
    cursor.expect("(");
    const ref = field(cursor);
    cursor.expect(")");
    return { relation, field: ref };
  });
  const base = related ?? { field: field(cursor) };
  const term = { ...base, ...direction(cursor) };
  cursor.skipSpaces();
  return term;
}

export function orderParser(cursor: Cursor): OrderTerm[] {
  const terms = [term(cursor)];
  while (cursor.accept(",")) terms.push(term(cursor));
  return terms;
}
