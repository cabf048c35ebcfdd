import { z } from "zod";

/** Small shared pieces of operation schemas and row mapping. */

export const uuidField = (what: string) => z.uuid().describe(what);

/** Timestamps leave as ISO 8601 strings (pg gives Date objects). */
export const timestamp = z.string().describe("ISO 8601 timestamp");

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function isoRequired(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** int8 and numeric come back from pg as strings. */
export const num = (value: string | number | null | undefined): number =>
  value === null || value === undefined ? 0 : Number(value);

/** Cuts long text for summaries, saying so with an ellipsis. */
export function clip(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A non-empty name of at most `max` characters, trimmed. */
export const nameField = (max: number, what: string) => z.string().trim().min(1).max(max).describe(what);

/** Update inputs must change something: at least one of `keys` present. */
export function requireOneOf<T extends Record<string, unknown>>(keys: readonly (keyof T & string)[]) {
  return (value: T, ctx: z.RefinementCtx) => {
    if (!keys.some((key) => value[key] !== undefined)) {
      ctx.addIssue({ code: "custom", message: `give at least one of: ${keys.join(", ")}`, path: [keys[0]] });
    }
  };
}
