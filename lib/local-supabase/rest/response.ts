import type { ServerResponse } from "node:http";
import { RestError } from "./errors";

/** What a request answers, before it is written (PostgREST's `PgrstResponse`). */
export interface RestResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** `response.headers` / `response.status` as the request's SQL left them. */
  guc?: { response_headers: string | null; response_status: string | null };
}

/**
 * `response.headers` (a JSON array of one-key objects) and `response.status` set by SQL in
 * the request's transaction override what PostgREST would send (`overrideStatusHeaders`).
 */
export function applyResponseSettings(response: RestResponse): RestResponse | RestError {
  const gucHeaders = response.guc?.response_headers ?? null;
  const gucStatus = response.guc?.response_status ?? null;
  let headers = response.headers;
  if (gucHeaders) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(gucHeaders);
    } catch {
      parsed = undefined;
    }
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (entry) =>
          typeof entry === "object" &&
          entry &&
          Object.keys(entry).length === 1 &&
          typeof Object.values(entry)[0] === "string",
      );
    if (!valid)
      return new RestError(
        500,
        "PGRST111",
        "response.headers guc must be a JSON array composed of objects with a single key and a string value",
      );
    headers = { ...headers };
    for (const entry of parsed as Record<string, string>[]) {
      const [name, value] = Object.entries(entry)[0];
      for (const existing of Object.keys(headers))
        if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
      headers[name] = value;
    }
  }
  let status = response.status;
  if (gucStatus) {
    const parsed = Number(gucStatus);
    if (!/^\d+$/.test(gucStatus.trim()) || parsed < 100 || parsed > 599)
      return new RestError(500, "PGRST112", "response.status guc must be a valid status code");
    status = parsed;
  }
  return { ...response, status, headers };
}

export function sendResponse(res: ServerResponse, response: RestResponse): void {
  const headers: Record<string, string> = {
    Vary: "Accept, Prefer, Range",
    ...response.headers,
    "Content-Length": String(Buffer.byteLength(response.body)),
  };
  res.writeHead(response.status, headers);
  res.end(response.body);
}

/** PostgREST's `errorResponseFor`: the JSON body, its length and `Proxy-Status` naming the code. */
export function sendError(res: ServerResponse, error: RestError): void {
  const body = JSON.stringify(error.body());
  res.writeHead(error.status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    "Proxy-Status": `PostgREST; error=${error.code}`,
    ...error.headers,
  });
  res.end(body);
}
