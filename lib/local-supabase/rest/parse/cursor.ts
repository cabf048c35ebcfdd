import { parseError, type RestError } from "../errors";

/**
 * Thrown inside a parser; turned into PGRST100 by `runParser` with the input's name. Not an
 * `Error`: backtracking throws often, and capturing a stack trace each time made parsing a
 * simple query string cost a millisecond.
 */
export class ParseFailure {
  constructor(
    readonly position: number,
    readonly unexpected: string | undefined,
    readonly expecting: string[],
  ) {}
}

/**
 * A position in the text being parsed, with the primitives the PostgREST grammar needs.
 * Parsers backtrack by saving and restoring `pos` (Parsec's `try`).
 */
export class Cursor {
  pos = 0;

  constructor(readonly text: string) {}

  get eof(): boolean {
    return this.pos >= this.text.length;
  }

  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  startsWith(literal: string): boolean {
    return this.text.startsWith(literal, this.pos);
  }

  /** Consumes `literal` if it comes next. */
  accept(literal: string): boolean {
    if (!this.startsWith(literal)) return false;
    this.pos += literal.length;
    return true;
  }

  expect(literal: string, expecting = `"${literal}"`): void {
    if (!this.accept(literal)) this.fail([expecting]);
  }

  /** Consumes characters while `test` holds; returns them. */
  takeWhile(test: (char: string) => boolean): string {
    const start = this.pos;
    while (!this.eof && test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  skipSpaces(): void {
    this.takeWhile((char) => char === " " || char === "\t");
  }

  fail(expecting: string[], at = this.pos): never {
    throw new ParseFailure(at, this.text[at], expecting);
  }

  /** Runs `parse`; on failure restores the position and returns undefined (Parsec's `try`). */
  attempt<T>(parse: () => T): T | undefined {
    const saved = this.pos;
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ParseFailure)) throw error;
      this.pos = saved;
      return undefined;
    }
  }
}

function joinExpecting(items: string[]): string {
  const unique = [...new Set(items)];
  if (unique.length <= 1) return unique.join("");
  return `${unique.slice(0, -1).join(", ")} or ${unique[unique.length - 1]}`;
}

/** Parses all of `text` or answers PGRST100 named after `source`, e.g. `failed to parse filter (x)`. */
export function runParser<T>(
  source: string,
  text: string,
  parse: (cursor: Cursor) => T,
  { requireEnd = true } = {},
): T | RestError {
  const cursor = new Cursor(text);
  try {
    const result = parse(cursor);
    if (requireEnd && !cursor.eof) cursor.fail(["end of input"]);
    return result;
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    const unexpected =
      error.unexpected === undefined ? "unexpected end of input" : `unexpected ${JSON.stringify(error.unexpected)}`;
    const expecting = error.expecting.length ? ` expecting ${joinExpecting(error.expecting)}` : "";
    return parseError(source, error.position + 1, `${unexpected}${expecting}`);
  }
}
