import type { Filter, FtsOperator, IsValue, LogicTree, Operation, QuantOperator, SimpleOperator } from "./ast";
import { ParseFailure, type Cursor } from "./cursor";
import { field, identifier, quotedValue } from "./fields";

/**
 * Filter values `[not.]op.value` (PostgREST's `pOpExpr`) and the `and=(…)` / `or=(…)` trees
 * (`pLogicTree`). The order of the alternatives matters and follows PostgREST's.
 */

const SIMPLE: SimpleOperator[] = ["neq", "cs", "cd", "ov", "sl", "sr", "nxr", "nxl", "adj"];
const QUANT: QuantOperator[] = ["eq", "gte", "gt", "lte", "lt", "like", "ilike", "match", "imatch"];
const FTS: FtsOperator[] = ["fts", "plfts", "phfts", "wfts"];
const IS_VALUES: IsValue[] = ["null", "not_null", "true", "false", "unknown"];
const ALL_KEYWORDS = ["not", "in", "is", "isdistinct", ...FTS, ...SIMPLE, ...QUANT];
const FTS_BY_LENGTH = [...FTS].sort((a, b) => b.length - a.length);
const OPERATOR = "operator (eq, gt, ...)";

type ValueParser = (cursor: Cursor) => string;

/** A plain filter value: everything to the end. */
export const restOfInput: ValueParser = (cursor) => {
  const value = cursor.text.slice(cursor.pos);
  cursor.pos = cursor.text.length;
  return value;
};

/** Inside `or=(…)`: a quoted value, a `{…}` array literal, or text up to `,` or `)`. */
export const logicValue: ValueParser = (cursor) => {
  const quoted = cursor.attempt(() => {
    const value = quotedValue(cursor);
    if (!cursor.eof && !",)".includes(cursor.peek() as string)) cursor.fail(['","', '")"']);
    return value;
  });
  if (quoted !== undefined) return quoted;
  const array = cursor.attempt(() => {
    cursor.expect("{");
    const inner = cursor.takeWhile((char) => char !== "{" && char !== "}");
    cursor.expect("}");
    return `{${inner}}`;
  });
  if (array !== undefined) return array;
  return cursor.takeWhile((char) => char !== "," && char !== ")");
};

function delimiter(cursor: Cursor): void {
  cursor.expect(".", "delimiter (.)");
}

/** `(a,"b,c",d)`: the list of `in`. */
function listValue(cursor: Cursor): string[] {
  cursor.skipSpaces();
  cursor.expect("(");
  cursor.skipSpaces();
  const values: string[] = [];
  for (;;) {
    const quoted = cursor.attempt(() => {
      const value = quotedValue(cursor);
      if (!cursor.eof && !",)".includes(cursor.peek() as string)) cursor.fail(['","', '")"']);
      return value;
    });
    values.push(quoted ?? cursor.takeWhile((char) => char !== "," && char !== ")"));
    if (!cursor.accept(",")) break;
  }
  cursor.skipSpaces();
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return values;
}

function isValue(cursor: Cursor): IsValue {
  const rest = cursor.text.slice(cursor.pos).toLowerCase();
  const value = IS_VALUES.find((candidate) => rest.startsWith(candidate));
  if (!value) cursor.fail(["isVal: (null, not_null, true, false, unknown)"]);
  cursor.pos += value.length;
  return value;
}

/** Where a mistyped operator stops matching every keyword, for Parsec-like error positions. */
function operatorFailure(cursor: Cursor): never {
  const rest = cursor.text.slice(cursor.pos);
  let matched = 0;
  for (const keyword of ALL_KEYWORDS) {
    let i = 0;
    while (i < keyword.length && rest[i] === keyword[i]) i++;
    if (i < keyword.length) matched = Math.max(matched, i);
  }
  // Parsec reports where the alternatives started, and the character the best one stopped at.
  throw new ParseFailure(cursor.pos, rest[matched], cursor.pos === 0 ? ['"not"', OPERATOR] : [OPERATOR]);
}

function operation(cursor: Cursor, value: ValueParser): Operation {
  // Cheap lookaheads pick the alternative; only the chosen one may fail (and throw).
  const keywordThenDot = (keyword: string) => cursor.accept(`${keyword}.`);
  if (keywordThenDot("in")) return { kind: "in", values: listValue(cursor) };
  if (keywordThenDot("is")) return { kind: "is", value: isValue(cursor) };
  if (keywordThenDot("isdistinct")) return { kind: "isdistinct", value: value(cursor) };
  const fts = FTS_BY_LENGTH.find((candidate) => cursor.startsWith(candidate));
  if (fts) {
    const parsed = cursor.attempt(() => {
      cursor.pos += fts.length;
      const language =
        cursor.peek() === "("
          ? cursor.attempt(() => {
              cursor.expect("(");
              const name = identifier(cursor, "letter or digit");
              cursor.expect(")");
              return name;
            })
          : undefined;
      delimiter(cursor);
      return { kind: "fts", op: fts, language, value: value(cursor) } satisfies Operation;
    });
    if (parsed) return parsed;
  }
  const simple = SIMPLE.find((candidate) => cursor.startsWith(`${candidate}.`));
  if (simple) {
    cursor.pos += simple.length + 1;
    return { kind: "simple", op: simple, value: value(cursor) };
  }
  const quant = QUANT.find((candidate) => cursor.startsWith(candidate));
  if (quant) {
    const parsed = cursor.attempt(() => {
      cursor.pos += quant.length;
      const quantifier =
        cursor.peek() === "("
          ? cursor.attempt(() => {
              cursor.expect("(");
              const which = cursor.accept("any")
                ? "any"
                : cursor.accept("all")
                  ? "all"
                  : cursor.fail(['"any"', '"all"']);
              cursor.expect(")");
              return which;
            })
          : undefined;
      delimiter(cursor);
      return { kind: "quant", op: quant, quantifier, value: value(cursor) } satisfies Operation;
    });
    if (parsed) return parsed;
  }
  return operatorFailure(cursor);
}

/** `[not.]operator.value`; `value` reads the operand (to the end, or up to `,`/`)` in trees). */
export function opExpr(cursor: Cursor, value: ValueParser = restOfInput): Omit<Filter, "field"> {
  const negated = cursor.accept("not.");
  return { negated, operation: operation(cursor, value) };
}

/** `and(…)` / `or(…)` / `not.or(…)` or a single `column.op.value`, recursively. */
export function logicTree(cursor: Cursor): LogicTree {
  const filter = cursor.attempt(() => {
    const ref = field(cursor);
    delimiter(cursor);
    return { kind: "filter", filter: { field: ref, ...opExpr(cursor, logicValue) } } satisfies LogicTree;
  });
  if (filter) return filter;
  const negated = cursor.accept("not.");
  const operator = cursor.accept("and")
    ? "and"
    : cursor.accept("or")
      ? "or"
      : cursor.fail(["logic operator (and, or)"]);
  cursor.skipSpaces();
  cursor.expect("(", '"("');
  cursor.skipSpaces();
  const children = [logicTree(cursor)];
  for (;;) {
    cursor.skipSpaces();
    if (!cursor.accept(",")) break;
    cursor.skipSpaces();
    children.push(logicTree(cursor));
  }
  cursor.skipSpaces();
  cursor.expect(")", '")"');
  cursor.skipSpaces();
  return { kind: "expr", negated, operator, children };
}
