import "server-only";
import type { z } from "zod";
import { AppError, invalid } from "@/lib/errors";

export const SMALL_BODY_BYTES = 16 * 1024;

const tooLarge = (limit: number) =>
  new AppError("PAYLOAD_TOO_LARGE", `The body may be at most ${limit} bytes.`, "Send less in one request.");

/** A JSON body, validated: too big → 413, not JSON → 400, wrong shape → 400 naming the field. */
export async function readJson<T extends z.ZodType>(
  request: Request,
  schema: T,
  maxBytes = SMALL_BODY_BYTES,
): Promise<z.output<T>> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > maxBytes) throw tooLarge(maxBytes);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw tooLarge(maxBytes);
  let body: unknown;
  let prototypeKey = false;
  try {
    // A "__proto__" key is an own property after JSON.parse, but any copy (a zod record, a
    // spread) turns it into the object's prototype: its fields would then read as input that
    // no schema saw. No input of ours has such a key, so it is refused.
    body = JSON.parse(text || "{}", (key, value: unknown) => {
      if (key === "__proto__") prototypeKey = true;
      return value;
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new AppError("BAD_REQUEST", "The body nests too deeply.", "Send a flatter JSON document.");
    }
    throw new AppError(
      "BAD_REQUEST",
      "The body is not valid JSON.",
      "Send a JSON object with Content-Type: application/json.",
    );
  }
  if (prototypeKey) {
    throw invalid("__proto__", 'The key "__proto__" is not accepted.', "Leave that key out.");
  }
  return schema.parse(body);
}
