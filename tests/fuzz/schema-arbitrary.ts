import fc from "fast-check";
import { z } from "zod";

/**
 * fast-check arbitraries derived from a zod schema, through the JSON Schema zod itself emits
 * (`z.toJSONSchema`, the same document /mcp publishes): `valid` draws inputs the schema
 * accepts, `nearMiss` draws one small mistake away from them (a wrong type, a missing or an
 * extra field, a number out of range, a string with NUL, a lone surrogate, a huge string,
 * deep nesting), which is what clients and models actually send.
 */

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  default?: unknown;
};

/** Values the fuzz should prefer so that valid inputs reach real rows instead of only NOT_FOUND. */
export interface KnownValues {
  uuids: readonly string[];
  integers: readonly number[];
  strings: readonly string[];
}

export const NO_KNOWN: KnownValues = { uuids: [], integers: [], strings: [] };

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
}

const MAX_ITEMS = 4;
const MAX_TEXT = 24;

function typesOf(schema: JsonSchema): string[] {
  if (schema.type) return Array.isArray(schema.type) ? schema.type : [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace(/^#\/\$defs\//, "");
  return root.$defs?.[name] ?? {};
}

function stringArbitrary(schema: JsonSchema, known: KnownValues): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? MAX_TEXT, MAX_TEXT));
  const fits = (text: string) =>
    text.length >= min && text.length <= (schema.maxLength ?? Infinity) && (!pattern || pattern.test(text));
  const pattern = schema.pattern ? new RegExp(schema.pattern) : undefined;
  if (schema.format === "uuid") {
    const known_ = known.uuids.length ? [fc.constantFrom(...known.uuids)] : [];
    return fc.oneof(...known_, ...known_, fc.uuid({ version: [4, 7] }));
  }
  if (schema.format === "date-time") return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
  if (pattern) {
    return fc.stringMatching(pattern).filter(fits);
  }
  const fromKnown = known.strings.filter(fits);
  const free = fc.string({ minLength: min, maxLength: max, unit: "grapheme" }).filter(fits);
  return fromKnown.length ? fc.oneof(fc.constantFrom(...fromKnown), free) : free;
}

function numberArbitrary(schema: JsonSchema, integer: boolean, known: KnownValues): fc.Arbitrary<number> {
  let min = schema.minimum ?? -1e6;
  let max = schema.maximum ?? 1e6;
  if (schema.exclusiveMinimum !== undefined) min = schema.exclusiveMinimum + (integer ? 1 : 1e-9);
  if (schema.exclusiveMaximum !== undefined) max = schema.exclusiveMaximum - (integer ? 1 : 1e-9);
  if (!integer) return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const inRange = known.integers.filter((n) => n >= min && n <= max);
  const free = fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(max, Number.MAX_SAFE_INTEGER) });
  return inRange.length ? fc.oneof(fc.constantFrom(...inRange), fc.constantFrom(...inRange), free) : free;
}

/** Inputs the schema accepts (as far as JSON Schema says; zod refinements may still refuse a few). */
export function valid(
  schema: JsonSchema,
  known: KnownValues = NO_KNOWN,
  root: JsonSchema = schema,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alt) => valid(alt, known, root)));
  if (s.allOf?.length) return valid(s.allOf[0], known, root);
  const types = typesOf(s);
  if (types.length > 1) return fc.oneof(...types.map((type) => valid({ ...s, type }, known, root)));
  switch (types[0]) {
    case "string":
      return stringArbitrary(s, known);
    case "integer":
      return numberArbitrary(s, true, known);
    case "number":
      return numberArbitrary(s, false, known);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(valid(s.items ?? {}, known, root), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case "object": {
      const properties = s.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, sub]) => [key, valid(sub, known, root)]));
      return fc.record(model, { requiredKeys: (s.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Strings that break storage or parsers rather than a schema's rules. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string().map((text) => `${text}\u0000${text}`),
  fc.constantFrom("\u0000", "a\u0000b", "\ud800", "x\udfffy", "\udc00\ud800", "\ud83d"),
  fc.string().map((text) => `${text}\ud800`),
  fc.integer({ min: 100_000, max: 300_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(
    "'; DROP TABLE devices; --",
    "%",
    "_",
    "\\",
    "${x}",
    "{{x}}",
    "\u202e",
    "\ufeff",
    "\r\n",
    "é".normalize("NFD"),
  ),
  fc.string({ unit: "binary", maxLength: 40 }),
);

/**
 * JSON nested far deeper than any schema allows (V8 parses 100,000 levels but its
 * JSON.stringify overflows near 4,000, so this is what finds a server that re-serialises
 * what it parsed). It is written out only by `jsonText` and prints as one line, so a
 * counterexample stays readable and fast-check's printer never recurses that deep.
 */
export class DeepJson {
  constructor(
    readonly depth: number,
    readonly asArrays: boolean,
  ) {}
  text(): string {
    const [open, close] = this.asArrays ? ["[", "]"] : ['{"a":', "}"];
    return `${open.repeat(this.depth)}"bottom"${close.repeat(this.depth)}`;
  }
  [fc.toStringMethod](): string {
    return `DeepJson(${this.depth} ${this.asArrays ? "arrays" : "objects"})`;
  }
}

export const deepJson: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 200, max: 20_000 }), fc.boolean())
  .map(([depth, asArrays]) => new DeepJson(depth, asArrays));

/** The request body for a generated value: JSON, with every DeepJson written out in place. */
export function jsonText(value: unknown): string {
  const deep: DeepJson[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) =>
    item instanceof DeepJson ? `\u0001deep${deep.push(item) - 1}\u0001` : item,
  );
  return text.replace(/"\\u0001deep(\d+)\\u0001"/g, (_match, index: string) => deep[Number(index)].text());
}

/** What the server receives: the value after a JSON round trip. */
export const asSent = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(jsonText(value)));

/** A value of some other JSON type than `types`. */
function wrongType(types: string[]): fc.Arbitrary<unknown> {
  const all: [string, fc.Arbitrary<unknown>][] = [
    ["string", fc.string({ maxLength: 8 })],
    ["integer", fc.integer()],
    ["number", fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1e308, -1e308, 0.5, -0))],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.array(fc.integer(), { maxLength: 3 })],
    ["object", fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 })],
  ];
  const others = all.filter(([type]) => !types.includes(type) && !(type === "integer" && types.includes("number")));
  return fc.oneof(...(others.length ? others : all).map(([, arb]) => arb));
}

/** A value that breaks exactly this (leaf or nested) schema's rule. */
function brokenValue(schema: JsonSchema, known: KnownValues, root: JsonSchema): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  const types = typesOf(s);
  const options: fc.Arbitrary<unknown>[] = [wrongType(types), hostileString, deepJson];
  if (types.includes("integer") || types.includes("number")) {
    const edges: number[] = [1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, -(2 ** 63), 0.5, -1, 0];
    if (s.minimum !== undefined) edges.push(s.minimum - 1);
    if (s.maximum !== undefined) edges.push(s.maximum + 1);
    if (s.exclusiveMinimum !== undefined) edges.push(s.exclusiveMinimum);
    options.push(fc.constantFrom(...edges));
  }
  if (types.includes("string")) {
    const base = valid(s, known, root) as fc.Arbitrary<string>;
    options.push(
      base.map((text) => `${text}\u0000`),
      base.map((text) => `\ud800${text}`),
      fc.constant("x".repeat((s.maxLength ?? 50_000) + 1)),
      fc.constant(""),
    );
    if (s.format === "uuid") options.push(fc.constantFrom("not-a-uuid", "00000000-0000-0000-0000-00000000000g"));
  }
  if (types.includes("array")) {
    options.push(fc.array(fc.constant(1), { minLength: (s.maxItems ?? 50) + 1, maxLength: (s.maxItems ?? 50) + 1 }));
    if (s.items) options.push(brokenValue(s.items, known, root).map((item) => [item]));
  }
  if (types.includes("object") && s.properties && Object.keys(s.properties).length) {
    options.push(nearMiss(s, known, root));
  }
  return fc.oneof(...options);
}

/** An object input one mistake away from valid: the mistake is at the top or inside one field. */
export function nearMiss(
  schema: JsonSchema,
  known: KnownValues = NO_KNOWN,
  root: JsonSchema = schema,
): fc.Arbitrary<unknown> {
  const s = resolve(schema, root);
  const properties = s.properties ?? {};
  const keys = Object.keys(properties);
  const base = valid(s, known, root) as fc.Arbitrary<Record<string, unknown>>;
  const mutations: fc.Arbitrary<unknown>[] = [
    wrongType(["object"]),
    deepJson,
    fc
      .tuple(
        base,
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !(key in properties)),
        fc.jsonValue({ maxDepth: 1 }),
      )
      .map(([value, key, extra]) => ({ ...value, [key]: extra })),
    fc.tuple(base, hostileString).map(([value, key]) => ({ ...value, [key]: 1 })),
  ];
  const required = (s.required ?? []).filter((key) => key in properties);
  if (required.length) {
    mutations.push(
      fc.tuple(base, fc.constantFrom(...required)).map(([value, key]) => {
        const copy = { ...value };
        delete copy[key];
        return copy;
      }),
    );
  }
  if (keys.length) {
    mutations.push(
      fc
        .constantFrom(...keys)
        .chain((key) => fc.tuple(fc.constant(key), base, brokenValue(properties[key], known, root)))
        .map(([key, value, broken]) => ({ ...value, [key]: broken })),
    );
  }
  return fc.oneof(...mutations);
}

/** Either, weighted towards mistakes: most of the answers worth checking are refusals. */
export function inputsFor(schema: z.ZodType, known: KnownValues): fc.Arbitrary<unknown> {
  const json = jsonSchemaOf(schema);
  return fc.oneof({ arbitrary: valid(json, known), weight: 2 }, { arbitrary: nearMiss(json, known), weight: 3 });
}
