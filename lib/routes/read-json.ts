import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

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
  try {
    body = JSON.parse(text || "{}");
  } catch {
    throw new AppError(
      "BAD_REQUEST",
      "The body is not valid JSON.",
      "Send a JSON object with Content-Type: application/json.",
    );
  }
  return schema.parse(body);
}
