import { createHash } from "node:crypto";
import { fromHarEntry, type HarEntry } from "../capture/har";
import {
  DEFAULT_BODY_LIMIT_BYTES,
  truncateBody,
  trafficLogEntrySchema,
  type TrafficLogEntry,
} from "../capture/traffic-log-entry";

/**
 * Real HAR exports are messier than the spec. What can be mended faithfully is mended (and
 * counted); what cannot is skipped with its reason:
 * - status 0 or -1 (blocked, failed, cancelled) → a capture with `error`, as browsers mean it;
 * - `content.size` -1 (unknown) → the size of the text that is there;
 * - text bodies containing NUL → base64 of their UTF-8 (jsonb cannot hold \u0000);
 * - `serverIPAddress: ""`, and `null` wherever a value belongs → absent;
 * - a lower-case method → upper case; a date without a colon in its offset → ISO 8601;
 * - bodies over the body limit → cut and flagged truncated, as the proxy does.
 */

export type Mended = { entry: TrafficLogEntry; mended: string[] } | { skipped: string };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function dropNulls(value: unknown, found: { nulls: boolean }): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map((item) => dropNulls(item, found));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null) found.nulls = true;
    else out[key] = dropNulls(item, found);
  }
  return out;
}

const str = (value: unknown, fallback = "") =>
  typeof value === "string" ? value : value === undefined ? fallback : String(value);
const num = (value: unknown, fallback: number) =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;

function nameValues(list: unknown): { name: string; value: string; comment?: string }[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).flatMap((item) => {
    const name = str(item.name);
    if (!name) return [];
    return [{ name, value: str(item.value), ...(typeof item.comment === "string" ? { comment: item.comment } : {}) }];
  });
}

function cookies(list: unknown) {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((cookie) => ({ ...cookie, name: str(cookie.name), value: str(cookie.value) }));
}

const decodedSize = (text: string, base64: boolean) =>
  base64 ? Buffer.from(text, "base64").length : Buffer.byteLength(text, "utf8");

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Deterministic per file position and content, so importing the same HAR twice stores it once. */
export function importId(index: number, text: string): string {
  const hash = createHash("sha256").update(`${index}\n${text}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x80;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function mendHarEntry(
  raw: unknown,
  {
    id,
    source = "cli",
    bodyLimit = DEFAULT_BODY_LIMIT_BYTES,
  }: { id: string; source?: TrafficLogEntry["source"]; bodyLimit?: number },
): Mended {
  if (!isObject(raw)) return { skipped: "not an object" };
  const mended = new Set<string>();
  const found = { nulls: false };
  const har = dropNulls(raw, found) as Json;
  if (found.nulls) mended.add("null values dropped");
  if (!isObject(har.request)) return { skipped: "no request" };
  const request = har.request;
  const url = str(request.url);
  if (!/^https?:\/\/[^/?#]+/i.test(url) || !URL.canParse(url))
    return { skipped: `not an http(s) URL (${url.slice(0, 60) || "empty"})` };
  let method = str(request.method);
  if (method !== method.toUpperCase()) {
    method = method.toUpperCase();
    mended.add("method upper-cased");
  }
  if (!/^[A-Z][A-Z0-9_-]{0,31}$/.test(method))
    return { skipped: `method "${method.slice(0, 32)}" is not an HTTP method` };

  let started = str(har.startedDateTime);
  if (!ISO_WITH_OFFSET.test(started)) {
    if (Number.isNaN(Date.parse(started)))
      return { skipped: `startedDateTime "${started.slice(0, 40)}" is not a date` };
    started = new Date(Date.parse(started)).toISOString();
    mended.add("startedDateTime made ISO 8601");
  }

  let postData: Json | undefined = isObject(request.postData) ? { ...request.postData } : undefined;
  if (postData && typeof postData.text === "string" && postData.text.includes("\u0000")) {
    postData = { ...postData, text: Buffer.from(postData.text, "utf8").toString("base64"), _encoding: "base64" };
    mended.add("NUL in a text body kept as base64");
  }

  const response = isObject(har.response) ? har.response : { status: 0, _error: "No response in the HAR file." };
  let status = num(response.status, 0);
  if (status === -1) {
    status = 0;
    mended.add("status -1 read as no response");
  }
  if (status !== 0 && (!Number.isInteger(status) || status < 100 || status > 599))
    return { skipped: `response status ${status} is not an HTTP status` };

  const content: Json = isObject(response.content) ? { ...response.content } : {};
  let base64 = content.encoding === "base64";
  if (typeof content.text === "string" && !base64 && content.text.includes("\u0000")) {
    content.text = Buffer.from(content.text, "utf8").toString("base64");
    content.encoding = "base64";
    base64 = true;
    mended.add("NUL in a text body kept as base64");
  }
  let size = num(content.size, -1);
  if (size < 0) {
    size = typeof content.text === "string" ? decodedSize(content.text, base64) : 0;
    mended.add("content.size -1 replaced by the text's size");
  }

  if (har.serverIPAddress === "") mended.add('serverIPAddress "" dropped');
  const timings = isObject(har.timings) ? har.timings : {};
  const phase = (value: unknown) => Math.max(-1, num(value, -1));

  const entry: HarEntry = {
    ...(typeof har.pageref === "string" ? { pageref: har.pageref } : {}),
    startedDateTime: started,
    time: num(har.time, -1),
    request: {
      method,
      url,
      httpVersion: str(request.httpVersion),
      cookies: cookies(request.cookies),
      headers: nameValues(request.headers),
      queryString: nameValues(request.queryString),
      ...(postData
        ? { postData: { ...postData, mimeType: str(postData.mimeType) } as HarEntry["request"]["postData"] }
        : {}),
      headersSize: num(request.headersSize, -1),
      bodySize: num(request.bodySize, -1),
      ...(typeof request.comment === "string" ? { comment: request.comment } : {}),
    },
    response: {
      status,
      statusText: str(response.statusText),
      httpVersion: str(response.httpVersion),
      cookies: cookies(response.cookies),
      headers: nameValues(response.headers),
      content: { ...content, size, mimeType: str(content.mimeType) } as HarEntry["response"]["content"],
      redirectURL: str(response.redirectURL),
      headersSize: num(response.headersSize, -1),
      bodySize: num(response.bodySize, -1),
      ...(typeof response.comment === "string" ? { comment: response.comment } : {}),
      ...(typeof response._error === "string" ? { _error: response._error } : {}),
    },
    cache: isObject(har.cache) ? har.cache : {},
    timings: {
      ...(timings.blocked !== undefined ? { blocked: phase(timings.blocked) } : {}),
      ...(timings.dns !== undefined ? { dns: phase(timings.dns) } : {}),
      ...(timings.connect !== undefined ? { connect: phase(timings.connect) } : {}),
      ...(timings.ssl !== undefined ? { ssl: phase(timings.ssl) } : {}),
      send: Math.max(0, num(timings.send, 0)),
      wait: Math.max(0, num(timings.wait, 0)),
      receive: Math.max(0, num(timings.receive, 0)),
      ...(typeof timings.comment === "string" ? { comment: timings.comment } : {}),
    },
    ...(typeof har.serverIPAddress === "string" && har.serverIPAddress !== ""
      ? { serverIPAddress: har.serverIPAddress }
      : {}),
    ...(typeof har.connection === "string" ? { connection: har.connection } : {}),
    ...(typeof har.comment === "string" ? { comment: har.comment } : {}),
  };

  let converted: TrafficLogEntry;
  try {
    converted = { ...fromHarEntry(entry, { source }), id };
  } catch (error) {
    return { skipped: `cannot be read: ${(error as Error).message}` };
  }
  for (const part of [converted.request, converted.response]) {
    if (!part?.body) continue;
    const cut = truncateBody(part.body, bodyLimit);
    if (cut !== part.body) mended.add(`body over ${bodyLimit} bytes cut and flagged truncated`);
    part.body = cut as typeof part.body;
  }
  const checked = trafficLogEntrySchema.safeParse(converted);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { skipped: `${issue.path.join(".") || "entry"}: ${issue.message}` };
  }
  return { entry: checked.data, mended: [...mended] };
}
