import { z } from "zod";

/**
 * TrafficLogEntry: one captured request/response pair, as a device uploads it and as
 * `entries.payload` stores it. It holds everything a HAR 1.2 entry holds (headers in order
 * with duplicates, cookies, query string, post params, content, timings, server IP,
 * connection, cache, comment) plus what HAR lacks: the capture source, TLS, the client
 * process, a transport error, and bodies flagged when truncated. The database mirrors the
 * checks that matter for storage (entries_payload_* constraints).
 */

export const DEFAULT_BODY_LIMIT_BYTES = 1_048_576;

const header = z.object({ name: z.string().min(1), value: z.string(), comment: z.string().optional() }).strict();
const nameValue = z.object({ name: z.string(), value: z.string(), comment: z.string().optional() }).strict();
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
    comment: z.string().optional(),
  })
  .strict();
const size = z.number().int().min(-1);

export const bodySchema = z
  .object({
    encoding: z.enum(["text", "base64"]),
    content: z.string(),
    /** The original size in bytes, kept when the content is truncated. */
    size: z.number().int().min(0),
    mimeType: z.string().optional(),
    truncated: z.boolean(),
    compression: z.number().int().optional(),
    /** HAR postData params, for form posts. */
    params: z
      .array(z.object({ name: z.string(), value: z.string().optional(), fileName: z.string().optional(), contentType: z.string().optional(), comment: z.string().optional() }).strict())
      .optional(),
    comment: z.string().optional(),
  })
  .strict();

const requestSchema = z
  .object({
    method: z.string().regex(/^[A-Z][A-Z0-9_-]{0,31}$/, "must be an upper-case HTTP method token"),
    url: z.url({ protocol: /^https?$/ }),
    httpVersion: z.string().min(1),
    headers: z.array(header),
    queryString: z.array(nameValue).optional(),
    cookies: z.array(cookie).optional(),
    headersSize: size.optional(),
    bodySize: size.optional(),
    body: bodySchema.optional(),
    comment: z.string().optional(),
  })
  .strict();

const responseSchema = z
  .object({
    status: z.number().int().min(100).max(599),
    statusText: z.string(),
    httpVersion: z.string().min(1),
    headers: z.array(header),
    cookies: z.array(cookie).optional(),
    redirectURL: z.string().optional(),
    headersSize: size.optional(),
    bodySize: size.optional(),
    body: bodySchema.optional(),
    comment: z.string().optional(),
  })
  .strict();

const timing = z.number().min(-1);

export const trafficLogEntrySchema = z
  .object({
    id: z.uuid().optional(),
    startedAt: z.iso.datetime({ offset: true }),
    source: z.enum(["vpn", "pac", "cdp", "proxy", "cli"]),
    request: requestSchema,
    response: responseSchema.optional(),
    timings: z
      .object({
        blocked: timing.optional(),
        dns: timing.optional(),
        connect: timing.optional(),
        ssl: timing.optional(),
        send: timing.default(0),
        wait: timing.default(0),
        receive: timing.default(0),
        comment: z.string().optional(),
      })
      .strict()
      .optional(),
    durationMs: z.number().min(0).optional(),
    tls: z
      .object({
        version: z.string().optional(),
        cipher: z.string().optional(),
        serverName: z.string().optional(),
        alpn: z.string().optional(),
        certificate: z
          .object({ subject: z.string().optional(), issuer: z.string().optional(), validFrom: z.string().optional(), validTo: z.string().optional(), fingerprintSha256: z.string().optional() })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    client: z
      .object({ ip: z.string().optional(), port: z.number().int().min(0).max(65535).optional(), processName: z.string().optional(), bundleId: z.string().optional(), userAgent: z.string().optional() })
      .strict()
      .optional(),
    serverIp: z.string().optional(),
    connection: z.string().optional(),
    error: z.object({ code: z.string().min(1), message: z.string() }).strict().optional(),
    cache: z.record(z.string(), z.unknown()).optional(),
    pageref: z.string().optional(),
    comment: z.string().optional(),
  })
  .strict()
  .refine((entry) => entry.response !== undefined || entry.error !== undefined, {
    message: "response is required unless error is set",
    path: ["response"],
  });

export type TrafficLogEntry = z.infer<typeof trafficLogEntrySchema>;
export type Body = z.infer<typeof bodySchema>;

/**
 * Cuts a body to at most `limitBytes` of decoded content, never splitting a UTF-8
 * character, and flags it; `size` keeps the original size. Bodies are never dropped.
 */
export function truncateBody(body: Body, limitBytes = DEFAULT_BODY_LIMIT_BYTES): Body {
  const bytes = Buffer.from(body.content, body.encoding === "base64" ? "base64" : "utf8");
  if (bytes.length <= limitBytes) return body;
  if (body.encoding === "base64") {
    return { ...body, content: bytes.subarray(0, limitBytes).toString("base64"), truncated: true };
  }
  let end = limitBytes;
  // Step back over UTF-8 continuation bytes (10xxxxxx) so the cut lands on a boundary.
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return { ...body, content: bytes.subarray(0, end).toString("utf8"), truncated: true };
}
