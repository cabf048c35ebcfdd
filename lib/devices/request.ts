import type { z } from "zod";
import { AppError } from "@/lib/errors/http";

const MAX_BODY_BYTES = 16 * 1024;

/** A small JSON body, validated; too big → 413, not JSON → 400, wrong shape → 400 naming the field. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `The body may be at most ${MAX_BODY_BYTES} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES)
    throw new AppError("PAYLOAD_TOO_LARGE", `The body may be at most ${MAX_BODY_BYTES} bytes.`);
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
