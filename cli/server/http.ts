import { CliError, describeError } from "../errors";

/** How long one call to Busymate may take before it counts as unreachable. */
const TIMEOUT_MS = 15_000;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The server's own words for a failure: the app's {error:{message}}, PostgREST's {message}. */
function reasonOf(body: string): string | undefined {
  try {
    const data = JSON.parse(body) as { error?: { message?: string; remediation?: string } | string; message?: string };
    if (data.error && typeof data.error === "object")
      return [data.error.message, data.error.remediation].filter(Boolean).join(" ");
    return (typeof data.error === "string" ? data.error : undefined) ?? data.message;
  } catch {
    return body.slice(0, 200) || undefined;
  }
}

export async function requestJson<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new CliError(`Cannot reach ${new URL(url).origin} (${describeError(error)}).`);
  }
  const text = await response.text();
  if (!response.ok) {
    const reason = reasonOf(text) ?? response.statusText;
    throw new HttpError(response.status, `${new URL(url).pathname} answered ${response.status}: ${reason}`, text);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

export const postJson = <T>(url: string, body: unknown, headers: Record<string, string> = {}) =>
  requestJson<T>(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
