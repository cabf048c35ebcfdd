import { z } from "zod";
import { base64ToBytes, bytesToText } from "@/lib/render/bytes";
import type { Body, TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { notFound } from "@/lib/errors";
import { clip, isoRequired, num } from "../fields";
import { RESULT_BUDGET_CHARS } from "../run";
import { defineOperation } from "../types";
import { capturedTexts, EntryRedactor } from "./redact";

const MAX_HEADER_VALUE = 1_000;

const header = z.object({ name: z.string(), value: z.string() });
const body = z.object({
  mime_type: z.string().nullable(),
  size: z.number().describe("Original size in bytes"),
  kind: z.enum(["text", "binary"]),
  text: z.string().nullable().describe("The body as text (null for binary); secrets replaced when redacted"),
  truncated: z.boolean().describe("True when text is not the whole body (cut at capture or by max_body_chars)"),
});

const entryDetail = z.object({
  id: z.number(),
  ts: z.string(),
  device_uuid: z.string(),
  source: z.string().nullable(),
  method: z.string(),
  url: z.string(),
  status: z.number().nullable(),
  status_text: z.string().nullable(),
  duration_ms: z.number().nullable(),
  server_ip: z.string().nullable(),
  request: z.object({
    http_version: z.string(),
    headers: z.array(header).optional(),
    body: body.nullable().optional(),
  }),
  response: z
    .object({
      http_version: z.string(),
      redirect_url: z.string().optional().describe("HAR's redirectURL, when the capture has one"),
      headers: z.array(header).optional(),
      body: body.nullable().optional(),
    })
    .nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  redacted: z.boolean(),
  placeholders: z
    .array(z.object({ name: z.string(), where: z.string() }))
    .describe("Each {{NAME}} in this result and where its secret was"),
  note: z.string().optional(),
});

type Redactor = EntryRedactor;

/** The same structure with every string passed through `map`. */
function mapStrings<T>(value: T, map: (text: string) => string): T {
  if (typeof value === "string") return map(value) as T;
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, map)) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)])) as T;
  return value;
}

function bodyOut(
  raw: Body | undefined,
  maxChars: number,
  redactor: Redactor,
  where: string,
): z.input<typeof body> | null {
  if (!raw) return null;
  const bytes = raw.encoding === "base64" ? base64ToBytes(raw.content) : null;
  const text = bytes ? bytesToText(bytes) : raw.content;
  const mime = raw.mimeType ?? null;
  if (text === null) return { mime_type: mime, size: raw.size, kind: "binary", text: null, truncated: raw.truncated };
  // Redact the whole captured text first, so clipping can never leave half a secret behind.
  const redacted = redactor.body(text, mime ?? "", where);
  const clipped = redacted.length > maxChars;
  return {
    mime_type: mime,
    size: raw.size,
    kind: "text",
    text: clipped ? redacted.slice(0, maxChars) : redacted,
    truncated: raw.truncated || clipped,
  };
}

/** What get_entry aims for: under the budget every result is held to, with room to spare. */
const TARGET_CHARS = RESULT_BUDGET_CHARS - 8_000;

/** Halves the bodies until the whole result fits the size every tool result is held to. */
function fitToBudget<
  T extends {
    request: { body?: z.input<typeof body> | null };
    response: { body?: z.input<typeof body> | null } | null;
  },
>(result: T): T {
  for (let round = 0; round < 8 && JSON.stringify(result).length > TARGET_CHARS; round++) {
    for (const part of [result.request.body, result.response?.body]) {
      if (part?.text) {
        part.text = part.text.slice(0, Math.floor(part.text.length / 2));
        part.truncated = true;
      }
    }
  }
  return result;
}

export const getEntry = defineOperation({
  name: "get_entry",
  title: "Open a capture",
  description:
    "One captured request/response in full: URL, headers, bodies (as text; binary bodies are only sized), status, timing and any transport error. " +
    "With redact (the default) every credential — Authorization, cookies, API keys, tokens in the query, body or a redirect's Location, CSRF values in HTML, JWTs, known key formats and random-looking values — " +
    "is replaced by a named placeholder like {{AUTHORIZATION}}, listed in `placeholders`; set redact=false only when the user needs the raw value. " +
    "Bodies are cut at max_body_chars, and further if both together would make the result too large (truncated=true says so).",
  domain: "entries",
  input: z
    .object({
      entry_id: z.number().int().positive().describe("The entry's id (from search_entries)"),
      redact: z.boolean().default(true).describe("Replace secrets with named placeholders (default true)"),
      include_headers: z.boolean().default(true),
      include_bodies: z.boolean().default(true),
      max_body_chars: z
        .number()
        .int()
        .min(0)
        .max(20_000)
        .default(4_000)
        .describe("Characters kept of each body (default 4000, at most 20000)"),
    })
    .strict(),
  output: entryDetail,
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { entry_id: 1234, redact: true, max_body_chars: 2000 },
  async handler(input, { db }) {
    const [row] = await db.query<{ id: string; ts: Date; device_uuid: string; payload: TrafficLogEntry }>(
      "SELECT id, ts, device_uuid, payload FROM public.entries WHERE id = $1",
      [input.entry_id],
    );
    if (!row) throw notFound(`Entry ${input.entry_id}`, "Find entries with search_entries.");
    const entry = row.payload;
    const redactor = new EntryRedactor(input.redact);
    const headers = (list: { name: string; value: string }[]) =>
      input.include_headers
        ? list.map((h) => ({ name: h.name, value: clip(redactor.header(h.name, h.value), MAX_HEADER_VALUE)! }))
        : undefined;
    const bodies = (raw: Body | undefined, where: string) =>
      input.include_bodies ? bodyOut(raw, input.max_body_chars, redactor, where) : undefined;

    const request = {
      http_version: entry.request.httpVersion,
      headers: headers(entry.request.headers),
      body: bodies(entry.request.body, "request body"),
    };
    const response = entry.response
      ? {
          http_version: entry.response.httpVersion,
          ...(entry.response.redirectURL ? { redirect_url: redactor.url(entry.response.redirectURL) } : {}),
          headers: headers(entry.response.headers),
          body: bodies(entry.response.body, "response body"),
        }
      : null;
    const url = redactor.url(entry.request.url);
    const error = entry.error
      ? { code: entry.error.code, message: redactor.spans(entry.error.message, "ERROR_TOKEN", "error") }
      : null;

    const result = {
      id: num(row.id),
      ts: isoRequired(row.ts),
      device_uuid: row.device_uuid,
      source: entry.source ?? null,
      method: entry.request.method,
      url,
      status: entry.response?.status ?? null,
      status_text: entry.response?.statusText ?? null,
      duration_ms: entry.durationMs ?? null,
      server_ip: entry.serverIp ?? null,
      request,
      response,
      error,
      redacted: input.redact,
      placeholders: redactor.placeholders,
      ...(input.include_bodies ? {} : { note: "Bodies left out (include_bodies=false)." }),
    };
    await redactor.addSecretlint(capturedTexts(entry));
    // Last: a secret found in one place is hidden wherever else it was copied.
    return fitToBudget(mapStrings(result, (text) => redactor.finish(text)));
  },
});
