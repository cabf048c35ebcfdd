import { base64DecodedLength, stripBase64Whitespace, utf8ByteLength } from "./bytes";
import type {
  HarContent,
  HarCookie,
  HarEntry,
  HarNameValue,
  HarPostData,
  HarRequest,
  HarResponse,
  HarTimings,
} from "./har-types";
import type { Body, TrafficLogEntry } from "./traffic-log-entry";

/**
 * HAR 1.2 entry <-> TrafficLogEntry. HAR -> entry -> HAR gives back every HAR field (tool
 * extensions other than `_error` and `_encoding` aside). The other way loses what HAR cannot
 * hold: TLS, the client, the source, the truncation flag of a body whose content was kept.
 *
 * HAR says a body's text was not captured by leaving `text` out; an entry says so with empty
 * content flagged truncated. Text that is present, even empty, maps to content, so the two
 * cases stay distinguishable.
 */

export type { HarEntry } from "./har-types";

export interface FromHarOptions {
  source: TrafficLogEntry["source"];
  /**
   * How far the capturing device's clock ran ahead of true time, in ms; `startedAt` is moved
   * back by it. Without it (or at 0) `startedDateTime` is kept verbatim.
   */
  deviceClock?: { offsetMs: number };
}

type Cookie = NonNullable<TrafficLogEntry["request"]["cookies"]>[number];
type ResponseBody = NonNullable<NonNullable<TrafficLogEntry["response"]>["body"]>;

const NO_RESPONSE = "NO_RESPONSE";

/** Copies the listed keys that hold a value, so absent fields stay absent both ways. */
function present<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

const COOKIE_KEYS = [
  "name",
  "value",
  "path",
  "domain",
  "expires",
  "httpOnly",
  "secure",
  "sameSite",
  "comment",
] as const;
const PARAM_KEYS = ["name", "value", "fileName", "contentType", "comment"] as const;
const TIMING_KEYS = ["blocked", "dns", "connect", "send", "wait", "receive", "ssl", "comment"] as const;

const nameValues = (items: readonly HarNameValue[]): HarNameValue[] =>
  items.map((item) => ({ name: item.name, value: item.value, ...present(item, ["comment"]) }));

function cookieFromHar(cookie: HarCookie): Cookie {
  const { expires, ...rest } = present(cookie, COOKIE_KEYS);
  // A null expiry (session cookie) is the same as none.
  return { name: cookie.name, value: cookie.value, ...rest, ...(typeof expires === "string" ? { expires } : {}) };
}

const cookieToHar = (cookie: Cookie): HarCookie => ({
  name: cookie.name,
  value: cookie.value,
  ...present(cookie, COOKIE_KEYS),
});

function decodedLength(body: Pick<Body, "encoding" | "content">): number {
  return body.encoding === "base64"
    ? base64DecodedLength(stripBase64Whitespace(body.content))
    : utf8ByteLength(body.content);
}

/** Text kept but shorter than the stated size was cut by the capturing tool. */
function isTruncated(text: string | undefined, encoding: Body["encoding"], size: number): boolean {
  if (text === undefined) return true;
  return text !== "" && decodedLength({ encoding, content: text }) < size;
}

/** `undefined` when HAR should leave `text` out (see the module comment). */
const harText = (body: Pick<Body, "content" | "truncated">): string | undefined =>
  body.truncated && body.content === "" ? undefined : body.content;

function bodyFromPostData(postData: HarPostData, bodySize: number): Body {
  const encoding = postData._encoding === "base64" ? "base64" : "text";
  const content = postData.text ?? "";
  const size = bodySize >= 0 ? bodySize : decodedLength({ encoding, content });
  return {
    encoding,
    content,
    size,
    mimeType: postData.mimeType,
    truncated: isTruncated(postData.text, encoding, size),
    ...(postData.params
      ? { params: postData.params.map((param) => ({ name: param.name, ...present(param, PARAM_KEYS) })) }
      : {}),
    ...present(postData, ["comment"]),
  };
}

function postDataFromBody(body: Body): HarPostData {
  const text = harText(body);
  return {
    mimeType: body.mimeType ?? "",
    ...(body.params
      ? { params: body.params.map((param) => ({ name: param.name, ...present(param, PARAM_KEYS) })) }
      : {}),
    ...(text === undefined ? {} : { text }),
    ...present(body, ["comment"]),
    // HAR post data is text only; say so when it carries base64 instead.
    ...(body.encoding === "base64" ? { _encoding: "base64" as const } : {}),
  };
}

function bodyFromContent(content: HarContent): ResponseBody {
  const encoding = content.encoding === "base64" ? "base64" : "text";
  return {
    encoding,
    content: content.text ?? "",
    size: content.size,
    mimeType: content.mimeType,
    truncated: isTruncated(content.text, encoding, content.size),
    ...present(content, ["compression", "comment"]),
  };
}

function contentFromBody(body: ResponseBody | undefined): HarContent {
  if (!body) return { size: 0, mimeType: "x-unknown" };
  const text = harText(body);
  return {
    size: body.size,
    ...present(body, ["compression"]),
    mimeType: body.mimeType ?? "",
    ...(text === undefined ? {} : { text }),
    ...(body.encoding === "base64" ? { encoding: "base64" } : {}),
    ...present(body, ["comment"]),
  };
}

function queryStringOf(url: string): HarNameValue[] {
  return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
}

function requestFromHar(request: HarRequest): TrafficLogEntry["request"] {
  return {
    method: request.method,
    url: request.url,
    httpVersion: request.httpVersion,
    headers: nameValues(request.headers),
    queryString: nameValues(request.queryString),
    cookies: request.cookies.map(cookieFromHar),
    headersSize: request.headersSize,
    bodySize: request.bodySize,
    ...(request.postData ? { body: bodyFromPostData(request.postData, request.bodySize) } : {}),
    ...present(request, ["comment"]),
  };
}

function requestToHar(request: TrafficLogEntry["request"]): HarRequest {
  return {
    method: request.method,
    url: request.url,
    httpVersion: request.httpVersion,
    cookies: (request.cookies ?? []).map(cookieToHar),
    headers: nameValues(request.headers),
    queryString: request.queryString ? nameValues(request.queryString) : queryStringOf(request.url),
    ...(request.body ? { postData: postDataFromBody(request.body) } : {}),
    headersSize: request.headersSize ?? -1,
    bodySize: request.bodySize ?? request.body?.size ?? -1,
    ...present(request, ["comment"]),
  };
}

function responseFromHar(response: HarResponse): TrafficLogEntry["response"] {
  return {
    status: response.status,
    statusText: response.statusText,
    httpVersion: response.httpVersion,
    headers: nameValues(response.headers),
    cookies: response.cookies.map(cookieFromHar),
    redirectURL: response.redirectURL,
    headersSize: response.headersSize,
    bodySize: response.bodySize,
    body: bodyFromContent(response.content),
    ...present(response, ["comment"]),
  };
}

function responseToHar(response: NonNullable<TrafficLogEntry["response"]>): HarResponse {
  return {
    status: response.status,
    statusText: response.statusText,
    httpVersion: response.httpVersion,
    cookies: (response.cookies ?? []).map(cookieToHar),
    headers: nameValues(response.headers),
    content: contentFromBody(response.body),
    redirectURL: response.redirectURL ?? "",
    headersSize: response.headersSize ?? -1,
    bodySize: response.bodySize ?? response.body?.size ?? -1,
    ...present(response, ["comment"]),
  };
}

/** How browsers write a request that got no response: status 0 and the reason in `_error`. */
function failedResponse(error: NonNullable<TrafficLogEntry["error"]>): HarResponse {
  return {
    status: 0,
    statusText: "",
    httpVersion: "",
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: "x-unknown" },
    redirectURL: "",
    headersSize: -1,
    bodySize: -1,
    _error: error.message,
  };
}

function errorFromHar(response: HarResponse): NonNullable<TrafficLogEntry["error"]> {
  const message = response._error ?? "The request got no response.";
  // Chrome's reasons are net error names ("net::ERR_NAME_NOT_RESOLVED"): a code already.
  return { code: /^net::(ERR_[A-Z0-9_]+)$/.exec(message)?.[1] ?? NO_RESPONSE, message };
}

/** HAR's total: the phases that apply; ssl is not added, it is already part of connect. */
function totalTime(timings: HarTimings): number {
  return [timings.blocked, timings.dns, timings.connect, timings.send, timings.wait, timings.receive].reduce<number>(
    (sum, phase) => sum + (phase !== undefined && phase > 0 ? phase : 0),
    0,
  );
}

function startedAtFrom(startedDateTime: string, deviceClock: FromHarOptions["deviceClock"]): string {
  if (!deviceClock?.offsetMs) return startedDateTime;
  return new Date(Date.parse(startedDateTime) - deviceClock.offsetMs).toISOString();
}

export function fromHarEntry(har: HarEntry, { source, deviceClock }: FromHarOptions): TrafficLogEntry {
  const timings = {
    ...present(har.timings, TIMING_KEYS),
    send: har.timings.send,
    wait: har.timings.wait,
    receive: har.timings.receive,
  };
  return {
    startedAt: startedAtFrom(har.startedDateTime, deviceClock),
    source,
    request: requestFromHar(har.request),
    ...(har.response.status === 0
      ? { error: errorFromHar(har.response) }
      : { response: responseFromHar(har.response) }),
    timings,
    ...(har.time >= 0 ? { durationMs: har.time } : {}),
    cache: har.cache,
    ...(har.serverIPAddress === undefined ? {} : { serverIp: har.serverIPAddress }),
    ...present(har, ["connection", "comment", "pageref"]),
  };
}

export function toHarEntry(entry: TrafficLogEntry): HarEntry {
  const timings: HarTimings = entry.timings
    ? {
        ...present(entry.timings, TIMING_KEYS),
        send: entry.timings.send,
        wait: entry.timings.wait,
        receive: entry.timings.receive,
      }
    : { send: 0, wait: 0, receive: 0 };
  const response = entry.response
    ? responseToHar(entry.response)
    : failedResponse(entry.error ?? { code: NO_RESPONSE, message: "The request got no response." });
  return {
    ...present(entry, ["pageref"]),
    startedDateTime: entry.startedAt,
    time: entry.durationMs ?? totalTime(timings),
    request: requestToHar(entry.request),
    response,
    cache: entry.cache ?? {},
    timings,
    ...(entry.serverIp === undefined ? {} : { serverIPAddress: entry.serverIp }),
    ...present(entry, ["connection", "comment"]),
  };
}
