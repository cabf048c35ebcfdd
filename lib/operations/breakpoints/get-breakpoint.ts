import { z } from "zod";
import { notFound } from "@/lib/errors";
import { iso, isoRequired, uuidField } from "../fields";
import { defineOperation } from "../types";

/**
 * One breakpoint event with what the device holds, as it captured it: the request (and, in the
 * response phase, the response) with headers in order and the body. The device stores bodies as
 * base64; one that is UTF-8 text without control characters is handed back as text so it can be
 * read and edited, anything else stays base64.
 */

const header = z.object({ name: z.string(), value: z.string() });
const body = z
  .object({ encoding: z.enum(["text", "base64"]), content: z.string(), bytes: z.number().int() })
  .nullable()
  .describe("The body as captured: text when it is UTF-8 text, else base64");

const heldRequest = z.object({
  method: z.string(),
  url: z.string(),
  httpVersion: z.string().nullable(),
  headers: z.array(header),
  body,
});
const heldResponse = z.object({
  status: z.number(),
  statusText: z.string(),
  headers: z.array(header),
  body,
});

interface HeldJson {
  request?: { method?: unknown; url?: unknown; httpVersion?: unknown; headers?: unknown; body?: unknown };
  response?: { status?: unknown; statusText?: unknown; headers?: unknown; body?: unknown };
}

const headersOf = (value: unknown) =>
  (Array.isArray(value) ? value : [])
    .filter((h): h is { name: unknown; value: unknown } => typeof h === "object" && h !== null)
    .map((h) => ({ name: String(h.name ?? ""), value: String(h.value ?? "") }));

// Control characters other than tab, newline and carriage return mark bytes that are not text.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function bodyOf(value: unknown): z.infer<typeof body> {
  if (typeof value !== "object" || value === null) return null;
  const { encoding, content } = value as { encoding?: unknown; content?: unknown };
  if (typeof content !== "string") return null;
  if (encoding !== "base64") return { encoding: "text", content, bytes: Buffer.byteLength(content) };
  const bytes = Buffer.from(content, "base64");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (!CONTROL.test(text)) return { encoding: "text", content: text, bytes: bytes.length };
  } catch {
    // Not UTF-8: kept as base64 below.
  }
  return { encoding: "base64", content, bytes: bytes.length };
}

export const getBreakpoint = defineOperation({
  name: "get_breakpoint",
  title: "Get a held request",
  description:
    "One breakpoint event with the request (and, in the response phase, the response) exactly as the device holds it: method, URL, headers in order, body. " +
    "Use it before resume_breakpoint with action 'modify' to start the edits from what was captured.",
  domain: "breakpoints",
  input: z.object({ event_id: uuidField("The event (from list_breakpoints)") }).strict(),
  output: z.object({
    id: z.string(),
    device_uuid: z.string(),
    pattern: z.string(),
    phase: z.enum(["request", "response"]),
    held_at: z.string(),
    held: z.boolean(),
    resumed_at: z.string().nullable(),
    resolution: z.string().nullable(),
    timed_out: z.boolean(),
    request: heldRequest,
    response: heldResponse.nullable(),
  }),
  capabilities: [{ section: "breakpoints", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { event_id: "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b" },
  async handler(input, { db }) {
    const [row] = await db.query<{
      id: string;
      device_uuid: string;
      pattern: string;
      phase: "request" | "response";
      held: HeldJson;
      held_at: Date;
      resumed_at: Date | null;
      resolution: { action?: string; timed_out?: boolean } | null;
    }>(
      "SELECT id, device_uuid, pattern, phase, held, held_at, resumed_at, resolution FROM public.breakpoint_events WHERE id = $1",
      [input.event_id],
    );
    if (!row)
      throw notFound("The breakpoint event", "List the events with list_breakpoints; you see only your devices'.");
    const request = row.held.request ?? {};
    const response = row.phase === "response" ? row.held.response : undefined;
    return {
      id: row.id,
      device_uuid: row.device_uuid,
      pattern: row.pattern,
      phase: row.phase,
      held_at: isoRequired(row.held_at),
      held: row.resumed_at === null,
      resumed_at: iso(row.resumed_at),
      resolution: row.resolution?.action ?? null,
      timed_out: row.resolution?.timed_out === true,
      request: {
        method: String(request.method ?? ""),
        url: String(request.url ?? ""),
        httpVersion: typeof request.httpVersion === "string" ? request.httpVersion : null,
        headers: headersOf(request.headers),
        body: bodyOf(request.body),
      },
      response: response
        ? {
            status: Number(response.status ?? 0),
            statusText: String(response.statusText ?? ""),
            headers: headersOf(response.headers),
            body: bodyOf(response.body),
          }
        : null,
    };
  },
});
