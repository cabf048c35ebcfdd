import { z } from "zod";
import { clip, iso, isoRequired, uuidField } from "../fields";
import { cursorField, decodeCursor, limitField, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";

/** Held requests: a device pauses a request matching a breakpoint rule; a person resumes it once. */

const breakpointEvent = z.object({
  id: z.string(),
  device_uuid: z.string(),
  pattern: z.string(),
  phase: z.enum(["request", "response"]),
  method: z.string().nullable(),
  url: z.string().nullable().describe("The held request's URL (cut at 300 characters)"),
  status: z.number().nullable().describe("The held response's status (response phase)"),
  held_at: z.string(),
  held: z.boolean().describe("Still waiting to be resumed"),
  resumed_at: z.string().nullable(),
  resolution: z.string().nullable().describe("continue, abort or modify"),
  timed_out: z.boolean().describe("Nobody resumed it in time: the device applied its timeout action"),
});

interface EventRow {
  id: string;
  device_uuid: string;
  pattern: string;
  phase: "request" | "response";
  method: string | null;
  url: string | null;
  status: number | null;
  held_at: Date;
  /** Full precision (microseconds) for the cursor: a Date would lose them and skip rows. */
  held_key: string;
  resumed_at: Date | null;
  action: string | null;
  timed_out: boolean;
}

export const listBreakpoints = defineOperation({
  name: "list_breakpoints",
  title: "List breakpoints",
  description:
    "Lists breakpoint events, newest first: requests (or responses) a device is holding because they matched a breakpoint rule, and recently resumed ones. " +
    "state 'held' (default) shows only those still waiting — resume them with resume_breakpoint; 'recent' shows resumed ones; 'all' both.",
  domain: "breakpoints",
  input: z
    .object({
      state: z.enum(["held", "recent", "all"]).default("held"),
      device_uuid: z.uuid().optional().describe("Only this device's"),
      limit: limitField(),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(breakpointEvent),
  capabilities: [{ section: "breakpoints", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { state: "held" },
  async handler(input, { db }) {
    const after = decodeCursor("list_breakpoints", input.cursor, z.object({ held_at: z.string(), id: z.uuid() }));
    const rows = await db.query<EventRow>(
      `SELECT b.id, b.device_uuid, b.pattern, b.phase, b.held #>> '{request,method}' AS method, b.held #>> '{request,url}' AS url,
              (b.held #>> '{response,status}')::int AS status, b.held_at, b.held_at::text AS held_key, b.resumed_at, b.resolution ->> 'action' AS action,
              coalesce(b.resolution -> 'timed_out' = 'true'::jsonb, false) AS timed_out
       FROM public.breakpoint_events b
       WHERE ($1 = 'all' OR ($1 = 'held') = (b.resumed_at IS NULL))
         AND ($2::uuid IS NULL OR b.device_uuid = $2)
         AND ($3::timestamptz IS NULL OR (b.held_at, b.id) < ($3, $4::uuid))
       ORDER BY b.held_at DESC, b.id DESC LIMIT $5`,
      [input.state, input.device_uuid ?? null, after?.held_at ?? null, after?.id ?? null, input.limit + 1],
    );
    return toPage(
      "list_breakpoints",
      rows,
      input.limit,
      (row) => ({
        id: row.id,
        device_uuid: row.device_uuid,
        pattern: row.pattern,
        phase: row.phase,
        method: row.method,
        url: clip(row.url, 300),
        status: row.status,
        held_at: isoRequired(row.held_at),
        held: row.resumed_at === null,
        resumed_at: iso(row.resumed_at),
        resolution: row.action,
        timed_out: row.timed_out,
      }),
      (last) => ({ held_at: last.held_key, id: last.id }),
    );
  },
});

const header = z.object({ name: z.string().min(1).max(200), value: z.string().max(8_000) }).strict();
const edits = z
  .object({
    method: z
      .string()
      .regex(/^[A-Z][A-Z0-9_-]{0,31}$/)
      .optional(),
    url: z.url().max(8_000).optional(),
    status: z.number().int().min(100).max(599).optional().describe("Response phase only"),
    headers: z.array(header).max(200).optional().describe("The complete new header list"),
    body: z.string().max(1_000_000).optional().describe("The complete new body, as text"),
  })
  .strict();

export const resumeBreakpoint = defineOperation({
  name: "resume_breakpoint",
  title: "Resume a held request",
  description:
    "Releases a request a device is holding at a breakpoint, once: 'continue' sends it on unchanged, 'abort' fails it on the device, 'modify' continues " +
    "with your edits (request: method, url, headers, body; response: status, headers, body). The device is told at once. A second resume is refused.",
  domain: "breakpoints",
  input: z
    .object({
      event_id: uuidField("The held event (from list_breakpoints)"),
      action: z.enum(["continue", "abort", "modify"]),
      request: edits.optional().describe("Edits to the held request (action modify, request phase)"),
      response: edits.optional().describe("Edits to the held response (action modify, response phase)"),
    })
    .strict()
    .superRefine((value, ctx) => {
      if (value.action === "modify" && !value.request && !value.response)
        ctx.addIssue({ code: "custom", message: "modify needs request or response edits", path: ["request"] });
      if (value.action !== "modify" && (value.request || value.response))
        ctx.addIssue({ code: "custom", message: "edits are only sent with action modify", path: ["action"] });
    }),
  output: z.object({ id: z.string(), device_uuid: z.string(), resumed_at: z.string(), resolution: z.string() }),
  capabilities: [{ section: "breakpoints", action: "edit" }],
  readOnly: false,
  destructive: true,
  // A repeat is refused by the resume-once trigger and changes nothing.
  idempotent: true,
  example: {
    event_id: "2e3f4a5b-6c7d-4e8f-9a0b-1c2d3e4f5a6b",
    action: "modify",
    request: { headers: [{ name: "x-debug", value: "1" }] },
  },
  async handler(input, { db }) {
    const resolution = {
      action: input.action,
      ...(input.request ? { request: input.request } : {}),
      ...(input.response ? { response: input.response } : {}),
    };
    const [row] = await db.query<{ id: string; device_uuid: string; resumed_at: Date }>(
      "SELECT id, device_uuid, resumed_at FROM public.resume_breakpoint($1, $2::jsonb)",
      [input.event_id, JSON.stringify(resolution)],
    );
    return {
      id: row.id,
      device_uuid: row.device_uuid,
      resumed_at: isoRequired(row.resumed_at),
      resolution: input.action,
    };
  },
});
