import type { IncomingMessage } from "node:http";
import { BodyTooLargeError, readBody } from "../../http";
import { BodyLimitError, invalidBody, RestError } from "../errors";
import { splitQuery } from "../parse/query-string";

/**
 * The request body (PostgREST's `ApiRequest/Payload.hs`): JSON by default, or a form. A JSON
 * array must hold objects that all have the same keys; the keys are the columns written
 * (or the function's arguments) unless `?columns=` names them.
 */
export interface Payload {
  /** The JSON text to bind as one parameter. */
  json: string;
  isObject: boolean;
  keys: string[];
  /** Form bodies call functions with text arguments, like query-string arguments. */
  form?: Map<string, string>;
  /** The body's media type, which picks the single unnamed parameter a function may take it as. */
  mediaType: BodyMediaType;
  /** The body as sent: the argument of a function with a single unnamed parameter (hex for bytea). */
  raw: string;
}

export type BodyMediaType = "application/json" | "application/x-www-form-urlencoded" | SingleArgumentMediaType;

/** Bodies a function takes whole as its single unnamed parameter of the type named here (PostgREST's `findProc`). */
export const SINGLE_ARGUMENT_TYPES = {
  "text/plain": "text",
  "text/xml": "xml",
  "application/octet-stream": "bytea",
} as const;
export type SingleArgumentMediaType = keyof typeof SINGLE_ARGUMENT_TYPES;

function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "application/json").split(";")[0].trim().toLowerCase();
}

function keysOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) {
    if (value.length === 0) return [];
    const first = value[0];
    if (typeof first !== "object" || first === null || Array.isArray(first)) return undefined;
    const keys = Object.keys(first).sort();
    const same = value.every(
      (row) =>
        typeof row === "object" &&
        row !== null &&
        !Array.isArray(row) &&
        Object.keys(row).sort().join("\0") === keys.join("\0"),
    );
    return same ? keys : undefined;
  }
  if (typeof value === "object" && value !== null) return Object.keys(value);
  return [];
}

export async function readPayload(
  req: IncomingMessage,
  limit: number,
  { isCall, columns }: { isCall: boolean; columns?: string[] },
): Promise<Payload | RestError> {
  let raw: Buffer;
  try {
    raw = await readBody(req, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return new BodyLimitError(limit);
    throw error;
  }
  const type = mediaType(req);
  if (isCall && type in SINGLE_ARGUMENT_TYPES) {
    const mediaType = type as SingleArgumentMediaType;
    const text = mediaType === "application/octet-stream" ? raw.toString("hex") : raw.toString("utf8");
    return { json: "{}", isObject: true, keys: [], mediaType, raw: text };
  }
  const text = raw.toString("utf8");
  if (type === "application/x-www-form-urlencoded") {
    const pairs = splitQuery(text).map(([key, value]) => [key, value ?? ""] as [string, string]);
    const object = Object.fromEntries(pairs);
    return {
      json: JSON.stringify(object),
      isObject: true,
      keys: Object.keys(object),
      form: isCall ? new Map(pairs) : undefined,
      mediaType: type,
      raw: text,
    };
  }
  if (type !== "application/json") return invalidBody(`Content-Type not acceptable: ${type}`);
  const json = { mediaType: "application/json" as const, raw: text };
  if (text.trim() === "" && isCall) return { json: "{}", isObject: true, keys: [], ...json, raw: "{}" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return invalidBody("Empty or invalid json");
  }
  const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
  if (columns) return { json: text, isObject, keys: columns, ...json };
  const keys = keysOf(value);
  if (!keys) return invalidBody("All object keys must match");
  // Anything that is neither an object nor an array of objects writes no rows.
  return { json: isObject || Array.isArray(value) ? text : "[]", isObject, keys, ...json };
}
