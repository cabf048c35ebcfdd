import type { IncomingMessage } from "node:http";
import type { z } from "zod";
import { BodyTooLargeError, readBody } from "../http";
import { AuthError, badRequest } from "./errors";

/**
 * Request bodies as GoTrue reads them (`retrieveRequestParams`): JSON decoded into a struct,
 * so a body that is not JSON, or a field of the wrong type, is a 400 `bad_json`; unknown
 * fields are ignored and `null` means "not given". Which fields are required is each
 * handler's business, with GoTrue's messages (`validation_failed`).
 */
export async function readJson<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  maxBytes: number,
  { optional = false } = {},
): Promise<z.infer<T>> {
  let raw: Buffer;
  try {
    raw = await readBody(req, maxBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new AuthError(413, "request_entity_too_large", `Request body too large (max ${maxBytes} bytes)`);
    throw error;
  }
  const text = raw.toString("utf8");
  if (optional && text.trim() === "") return schema.parse({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest("bad_json", `Could not parse request body as JSON: ${(error as Error).message}`);
  }
  // Go decodes `null` into a struct as "nothing given".
  if (value === null) value = {};
  // PostgreSQL text and jsonb cannot hold U+0000; refuse it here rather than fail in SQL.
  if (containsNul(value))
    throw badRequest(
      "bad_json",
      "Could not parse request body as JSON: text may not contain the NUL character (\\u0000)",
    );
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.length ? issue.path.join(".") : "body";
    throw badRequest("bad_json", `Could not parse request body as JSON: ${field}: ${issue.message}`);
  }
  return parsed.data;
}

function containsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === "object")
    return Object.entries(value).some(([key, item]) => key.includes("\u0000") || containsNul(item));
  return false;
}
