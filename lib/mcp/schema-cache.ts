import type { StandardSchemaWithJSON } from "@modelcontextprotocol/server";
import type { z } from "zod";

/**
 * The same zod schema with its JSON Schema conversion done once. The SDK builds a server per
 * request, and each one converts a tool's schemas again (for tools/list, and on every
 * tools/call for the output schema); the schemas never change, so the conversion is kept.
 */
const cache = new WeakMap<z.ZodType, StandardSchemaWithJSON>();

type JsonSchemaIo = {
  input(options: unknown): Record<string, unknown>;
  output(options: unknown): Record<string, unknown>;
};

export function withCachedJsonSchema(schema: z.ZodType): StandardSchemaWithJSON {
  let wrapped = cache.get(schema);
  if (!wrapped) {
    const standard = schema["~standard"] as unknown as { jsonSchema: JsonSchemaIo } & Record<string, unknown>;
    const converted: Partial<Record<"input" | "output", Record<string, unknown>>> = {};
    const jsonSchema: JsonSchemaIo = {
      input: (options) => (converted.input ??= standard.jsonSchema.input(options)),
      output: (options) => (converted.output ??= standard.jsonSchema.output(options)),
    };
    wrapped = { "~standard": { ...standard, jsonSchema } } as unknown as StandardSchemaWithJSON;
    cache.set(schema, wrapped);
  }
  return wrapped;
}
