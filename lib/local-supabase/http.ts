import type { IncomingMessage, ServerResponse } from "node:http";

/** Headers the Supabase clients send cross-origin; a preflight echoes what was asked. */
const EXPOSED_HEADERS = [
  "Content-Range",
  "Content-Location",
  "Location",
  "Preference-Applied",
  "X-Supabase-Api-Version",
  "x-total-count",
  "link",
  "Retry-After",
];

/** CORS as Supabase's gateway sends it: any origin, credentials not needed (tokens are headers). */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader("Access-Control-Allow-Origin", "*");
  res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS.join(", "));
}

export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  res.statusCode = 204;
  res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
  res.setHeader(
    "Access-Control-Allow-Headers",
    req.headers["access-control-request-headers"] ?? "authorization, apikey, content-type, x-client-info",
  );
  res.setHeader("Access-Control-Max-Age", "86400");
  res.end();
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads the whole body, refusing more than `limit` bytes without buffering the excess. */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The client's address, for rate limits: the socket's, since the stand-in is never proxied. */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? "unknown";
}

/** Query parameters that carry credentials (keys in Realtime and REST URLs, tokens). */
const SECRET_PARAMETERS = /([?&](?:apikey|access_token|token|refresh_token)=)[^&]*/gi;

/** A request URL fit for the log: credential values replaced by `***`. */
export function loggableUrl(url: string | undefined): string {
  return (url ?? "/").replace(SECRET_PARAMETERS, "$1***");
}
