import { z } from "zod";
import { DataError } from "./errors";

/**
 * The app's own token-authenticated routes (/api/devices…), called with the same Busymate
 * access token as REST. Their errors are `{"error":{code,message,remediation?}}`; the message
 * and remediation are what the person reads.
 */
const errorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), remediation: z.string().optional() }),
});

export async function callAppApi<T>(
  accessToken: () => Promise<string>,
  path: string,
  { method = "GET", body }: { method?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: {
      authorization: `Bearer ${await accessToken()}`,
      accept: "application/json",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const parsed = errorBody.safeParse(json);
    const message = parsed.success
      ? [parsed.data.error.message, parsed.data.error.remediation].filter(Boolean).join(" ")
      : `The server answered ${response.status}.`;
    throw new DataError(message, response.status, parsed.success ? parsed.data.error.code : undefined);
  }
  return json as T;
}
