import { z } from "zod";
import { base64DecodedLength, stripBase64Whitespace, utf8ByteLength, utf8Prefix } from "./bytes";

/**
 * TrafficLogEntry: one captured request/response pair, as a device uploads it and as
 * `entries.payload` stores it. It holds everything a HAR 1.2 entry holds (headers in order
 * with duplicates, cookies, query string, post params, content, timings, server IP,
 * connection, cache, comments) plus what HAR lacks: the capture source, TLS, the client
 * process, a transport error, and bodies flagged when truncated. The database mirrors the
 * checks that matter for storage (entries_payload_* constraints in 0002_devices_entries.sql).
 */

export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

export const CAPTURE_SOURCES = ["vpn", "pac", "cdp", "proxy", "cli"] as const;

/**
 * The database's check (scheme, then a non-empty authority) plus a full parse; parsing alone
 * would accept "https:///x" by reading "x" as the host.
 */
const isAbsoluteHttpUrl = (value: string) => /^https?:\/\/[^/?#]+/i.test(value) && URL.canParse(value);

const comment = z.string().optional();
const header = z.object({ name: z.string().min(1), value: z.string(), comment }).strict();
const queryParam = z.object({ name: z.string(), value: z.string(), comment }).strict();
const cookie = z
  .object({
    name: z.string(),
    value: z.string(),
    path: z.string().optional(),
    domain: z.string().optional(),
    expires: z.string().optional(),
    httpOnly: z.boolean().optional(),
    secure: z.boolean().optional(),
    sameSite: z.string().optional(),
    comment,
  })
  .strict();
const formParam = z
  .object({
    name: z.string(),
    value: z.string().optional(),
    fileName: z.string().optional(),
    contentType: z.string().optional(),
    comment,
  })
  .strict();
/** HAR's sizes: bytes, or -1 when the capturing side could not tell. */
const harSize = z.number().int().min(-1);
// Browsers report "" for a protocol they never saw (a request answered from cache or never
// sent); rejecting it would make such HAR entries unimportable.
const httpVersion = z.string();

export const bodySchema = z
  .object({
    encoding: z.enum(["text", "base64"]),
    /** What was kept; shorter than `size` bytes when `truncated`. */
    content: z.string(),
    /** The original size in bytes, kept when the content is truncated. */
    size: z.number().int().min(0),
    mimeType: z.string().optional(),
    truncated: z.boolean(),
    /** HAR content.compression: bytes saved by content-encoding. */
    compression: z.number().int().optional(),
    /** HAR postData params, for form posts (request bodies only). */
    params: z.array(formParam).optional(),
    comment,
  })
  .strict();

const requestSchema = z
  .object({
    method: z.string().regex(/^[A-Z][A-Z0-9_-]{0,31}$/, "must be an upper-case HTTP method token"),
    url: z.string().refine(isAbsoluteHttpUrl, "must be an absolute http(s) URL"),
    httpVersion,
    headers: z.array(header),
    queryString: z.array(queryParam).optional(),
    cookies: z.array(cookie).optional(),
    headersSize: harSize.optional(),
    bodySize: harSize.optional(),
    body: bodySchema.optional(),
    comment,
  })
  .strict();

const responseSchema = z
  .object({
    status: z.number().int().min(100).max(599),
    statusText: z.string(),
    httpVersion,
    headers: z.array(header),
    cookies: z.array(cookie).optional(),
    redirectURL: z.string().optional(),
    headersSize: harSize.optional(),
    bodySize: harSize.optional(),
    body: bodySchema.omit({ params: true }).optional(),
    comment,
  })
  .strict();

/** Milliseconds, or -1 where a phase does not apply (a reused connection has no dns/connect). */
const timing = z.number().min(-1);

const timingsSchema = z
  .object({
    blocked: timing.optional(),
    dns: timing.optional(),
    connect: timing.optional(),
    ssl: timing.optional(),
    send: timing.default(0),
    wait: timing.default(0),
    receive: timing.default(0),
    comment,
  })
  .strict();

const tlsSchema = z
  .object({
    version: z.string().optional(),
    cipher: z.string().optional(),
    serverName: z.string().optional(),
    alpn: z.string().optional(),
    certificate: z
      .object({
        subject: z.string().optional(),
        issuer: z.string().optional(),
        validFrom: z.string().optional(),
        validTo: z.string().optional(),
        fingerprintSha256: z.string().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

const clientSchema = z
  .object({
    ip: z.string().optional(),
    port: z.number().int().min(0).max(65535).optional(),
    processName: z.string().optional(),
    bundleId: z.string().optional(),
    userAgent: z.string().optional(),
  })
  .strict();

export const trafficLogEntrySchema = z
  .object({
    /** Chosen by the device so a retried upload can be recognised. */
    id: z.uuid().optional(),
    startedAt: z.iso.datetime({ offset: true }),
    source: z.enum(CAPTURE_SOURCES),
    request: requestSchema,
    response: responseSchema.optional(),
    timings: timingsSchema.optional(),
    durationMs: z.number().min(0).optional(),
    tls: tlsSchema.optional(),
    client: clientSchema.optional(),
    serverIp: z.string().optional(),
    /** HAR's connection id (a socket or stream id). */
    connection: z.string().optional(),
    /** Why there is no (complete) response: DNS failure, TLS handshake failure, timeout... */
    error: z
      .object({ code: z.string().min(1), message: z.string() })
      .strict()
      .optional(),
    /** HAR's cache object, kept as is: its shape varies by browser. */
    cache: z.record(z.string(), z.unknown()).optional(),
    pageref: z.string().optional(),
    comment,
  })
  .strict()
  .refine((entry) => entry.response !== undefined || entry.error !== undefined, {
    message: "response is required unless error is set",
    path: ["response"],
  });

export type TrafficLogEntry = z.infer<typeof trafficLogEntrySchema>;
/** What a device may send: `timings.send/wait/receive` may be left out. */
export type TrafficLogEntryInput = z.input<typeof trafficLogEntrySchema>;
export type Body = z.infer<typeof bodySchema>;

/**
 * Cuts a body so its decoded content is at most `limitBytes`, and flags it; `size` keeps the
 * original size, so a truncated body still says how big it was. Text is never cut inside a
 * UTF-8 character; base64 is cut on a 3-byte boundary, so the kept content stays a prefix of
 * the original and decodes without padding surprises. A body within the limit is returned as is.
 */
export function truncateBody<T extends Pick<Body, "encoding" | "content" | "truncated">>(
  body: T,
  limitBytes: number = DEFAULT_BODY_LIMIT_BYTES,
): T {
  const limit = Math.max(0, Math.floor(limitBytes));
  if (body.encoding === "base64") {
    const base64 = stripBase64Whitespace(body.content);
    if (base64DecodedLength(base64) <= limit) return body;
    return { ...body, content: base64.slice(0, Math.floor(limit / 3) * 4), truncated: true };
  }
  // Each UTF-16 unit is at most 3 UTF-8 bytes, which settles most bodies without a scan.
  if (body.content.length * 3 <= limit || utf8ByteLength(body.content) <= limit) return body;
  return { ...body, content: utf8Prefix(body.content, limit), truncated: true };
}
