/**
 * The only two ways anything from a request reaches SQL: identifiers, quoted (and checked
 * against the schema cache before they get here), and values, always as bound parameters.
 */

/** PostgREST's `escapeIdent`: double quotes doubled, NUL characters dropped. */
export function ident(name: string): string {
  return `"${name.replaceAll("\0", "").replaceAll('"', '""')}"`;
}

/** `"schema"."name"`, or just `"name"` when there is no schema (CTEs, aliases). */
export function qualified(schema: string, name: string): string {
  return schema ? `${ident(schema)}.${ident(name)}` : ident(name);
}

/** Collects bound values in order; `add` returns the placeholder to put in the SQL text. */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * A PostgreSQL array literal of text elements, each quoted, so a value holding `,` `{` `"`
 * stays one element. Sent as an untyped parameter, PostgreSQL infers the array's type from
 * the column it is compared with (PostgREST's `pgBuildArrayLiteral`).
 */
export function arrayLiteral(values: string[]): string {
  const quote = (value: string) => `"${value.replaceAll("\0", "").replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
  return `{${values.map(quote).join(",")}}`;
}

/** Type names from the catalog or a parsed `::cast` (letters, digits, `_ $` and spaces only). */
export function typeName(name: string): string {
  if (!/^[\p{L}\p{N}_$ [\](),."]+$/u.test(name)) throw new Error(`Refusing to use "${name}" as a type name`);
  return name;
}
