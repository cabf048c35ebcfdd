import { isUtf8 } from "node:buffer";
import { randomUUID } from "node:crypto";
import type { CompletedBody, CompletedRequest, CompletedResponse, RawHeaders } from "mockttp";
import { truncateBody, type Body, type TrafficLogEntry } from "../../lib/capture/traffic-log-entry";

/**
 * One exchange seen by the proxy, as a TrafficLogEntry: headers in the order and case they
 * travelled (repeats kept), bodies decoded from their content-encoding and cut at the limit,
 * timings from mockttp's timing events, the client's address, and what TLS facts the proxy
 * itself knows (the name it served and the protocol it negotiated). The upstream's DNS,
 * connect and TLS phases are not reported by mockttp, so they are -1 ("not known").
 */

export interface Edits {
  request?: { method?: string; url?: string; headers?: RawHeaders; body?: Buffer };
  response?: { status?: number; statusText?: string; headers?: RawHeaders; body?: Buffer };
}

const headerList = (raw: RawHeaders) => raw.map(([name, value]) => ({ name, value }));

function headerValue(raw: RawHeaders, name: string): string | undefined {
  for (const [key, value] of raw) if (key.toLowerCase() === name) return value;
  return undefined;
}

const httpVersion = (version: string) => (version.startsWith("2") ? "HTTP/2" : `HTTP/${version}`);

const TEXT_TYPES =
  /^(text\/|application\/(.+\+)?(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|csv|x-ndjson)\b)|^image\/svg\+xml/i;
const BINARY_TYPES =
  /^(image|audio|video|font)\/|^application\/(octet-stream|pdf|zip|gzip|x-protobuf|protobuf|grpc|wasm|x-tar)\b/i;

/** Control characters other than tab, CR and LF: text that has them is not meant to be read. */
function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 4096);
  for (const byte of sample) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return true;
  return false;
}

/**
 * Text when the type says so (or says nothing) and the bytes are UTF-8 without NUL (jsonb
 * cannot hold \u0000); base64 otherwise. Binary kept as text would also cost up to six bytes
 * per byte once JSON-escaped.
 */
export function isTextBody(bytes: Buffer, mimeType: string | undefined): boolean {
  if (mimeType && BINARY_TYPES.test(mimeType)) return false;
  if (bytes.indexOf(0) !== -1 || !isUtf8(bytes)) return false;
  return (mimeType !== undefined && TEXT_TYPES.test(mimeType)) || !looksBinary(bytes);
}

export function bodyFromBytes(bytes: Buffer, mimeType: string | undefined, limit: number, size = bytes.length): Body {
  const text = isTextBody(bytes, mimeType);
  // A few bytes past the limit, so truncateBody can cut on a character boundary itself.
  const cut = bytes.length > limit ? bytes.subarray(0, limit + 4) : bytes;
  const body = truncateBody(
    {
      encoding: text ? ("text" as const) : ("base64" as const),
      content: cut.toString(text ? "utf8" : "base64"),
      size,
      truncated: false,
      ...(mimeType ? { mimeType } : {}),
    },
    limit,
  );
  return size > bytes.length ? { ...body, truncated: true } : body;
}

async function capturedBody(
  body: CompletedBody | undefined,
  raw: RawHeaders,
  limit: number,
  override?: Buffer,
): Promise<Body | undefined> {
  const mimeType = headerValue(raw, "content-type");
  if (override) return bodyFromBytes(override, mimeType, limit);
  const encoded = body?.buffer ?? Buffer.alloc(0);
  const declared = Number(headerValue(raw, "content-length") ?? 0);
  if (encoded.length === 0) {
    // Over mockttp's buffering cap the body is forwarded but not handed to us: say how big it was.
    if (declared > 0) return { encoding: "text", content: "", size: declared, truncated: true, mimeType };
    return undefined;
  }
  const encoding = headerValue(raw, "content-encoding");
  let decoded = encoded;
  if (encoding && encoding !== "identity") {
    const result = await body!.getDecodedBuffer().catch(() => undefined);
    // An encoding we cannot undo is kept as sent (base64) rather than guessed at.
    if (result) decoded = result;
  }
  const result = bodyFromBytes(decoded, mimeType, limit);
  return decoded !== encoded ? { ...result, compression: decoded.length - encoded.length } : result;
}

function queryString(url: string) {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const roundMs = (value: number) => Math.max(0, Math.round(value * 1000) / 1000);

export interface ExchangeFailure {
  code: string;
  message: string;
}

export async function entryFromExchange(
  request: CompletedRequest,
  response: CompletedResponse | undefined,
  options: { bodyLimit: number; edits?: Edits; failure?: ExchangeFailure },
): Promise<TrafficLogEntry> {
  const { bodyLimit, edits, failure } = options;
  const requestHeaders = edits?.request?.headers ?? request.rawHeaders;
  const url = edits?.request?.url ?? request.url;
  const requestBody = await capturedBody(request.body, requestHeaders, bodyLimit, edits?.request?.body);
  const times = { ...request.timingEvents, ...response?.timingEvents };
  const sent = times.bodyReceivedTimestamp ?? times.startTimestamp;
  const headersBack = times.headersSentTimestamp ?? sent;
  const done = times.responseSentTimestamp ?? times.abortedTimestamp ?? headersBack;
  const entry: TrafficLogEntry = {
    id: randomUUID(),
    startedAt: new Date(times.startTime).toISOString(),
    source: "cli",
    request: {
      method: (edits?.request?.method ?? request.method).toUpperCase(),
      url,
      httpVersion: httpVersion(request.httpVersion),
      headers: headerList(requestHeaders),
      queryString: queryString(url),
      headersSize: -1,
      bodySize: requestBody?.size ?? 0,
      ...(requestBody ? { body: requestBody } : {}),
    },
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: roundMs(sent - times.startTimestamp),
      wait: roundMs(headersBack - sent),
      receive: roundMs(done - headersBack),
    },
    durationMs: roundMs(done - times.startTimestamp),
    client: {
      ...(request.remoteIpAddress ? { ip: request.remoteIpAddress } : {}),
      ...(request.remotePort ? { port: request.remotePort } : {}),
      ...(headerValue(request.rawHeaders, "user-agent")
        ? { userAgent: headerValue(request.rawHeaders, "user-agent") }
        : {}),
    },
  };
  if (request.protocol === "https")
    entry.tls = {
      serverName: request.destination.hostname,
      alpn: request.httpVersion.startsWith("2") ? "h2" : "http/1.1",
    };
  if (response && !failure) {
    const responseHeaders = edits?.response?.headers ?? response.rawHeaders;
    const responseBody = await capturedBody(response.body, responseHeaders, bodyLimit, edits?.response?.body);
    const location = headerValue(responseHeaders, "location");
    entry.response = {
      status: edits?.response?.status ?? response.statusCode,
      statusText: edits?.response?.statusText ?? response.statusMessage ?? "",
      httpVersion: httpVersion(request.httpVersion),
      headers: headerList(responseHeaders),
      ...(location ? { redirectURL: location } : {}),
      headersSize: -1,
      bodySize: responseBody?.size ?? 0,
      ...(responseBody ? { body: responseBody } : {}),
    };
  } else {
    entry.error = failure ?? { code: "NO_RESPONSE", message: "The exchange ended without a response." };
  }
  return entry;
}
