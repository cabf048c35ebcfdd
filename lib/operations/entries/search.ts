import { z } from "zod";
import { clip, isoRequired, num } from "../fields";
import { cursorField, decodeCursor, limitField, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";
import { assertWorkspaceVisible, entryFilters, filterParams } from "./filters";
import { countCurated, isCurated, listCurated, type SummaryRow } from "./tagged";

const entrySummary = z.object({
  id: z.number().describe("Entry id for get_entry"),
  ts: z.string(),
  device_uuid: z.string(),
  method: z.string().nullable(),
  host: z.string().nullable(),
  path: z.string().nullable().describe("Path without the query string (cut at 200 characters)"),
  status: z.number().nullable().describe("HTTP status; null when no response came"),
  source: z.string().nullable(),
  duration_ms: z.number().nullable(),
  response_size: z.number().nullable().describe("Response body bytes, when known"),
  tag_ids: z.array(z.string()).describe("Ids of the capture's tags (list_tags names them)"),
});

export const searchEntries = defineOperation({
  name: "search_entries",
  title: "Search captures",
  description:
    "Searches captured HTTP traffic, newest first: one summary line per request (id, time, device, method, host, path, status, duration, size) — " +
    "no headers or bodies; open one with get_entry. Filter by text in the URL, exact hosts, devices, a workspace (or only its pinned captures), methods, status classes and tags. " +
    "Scoped to captures you may see. Paginated by next_cursor (or before_id); count_entries gives the total for the same filters.",
  domain: "entries",
  input: z
    .object({
      ...entryFilters,
      before_id: z
        .number()
        .int()
        .positive()
        .optional()
        .describe("Only captures older than this entry id (keyset); a cursor, when given, wins"),
      limit: limitField(20, 500),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(entrySummary),
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { query: "api.stripe.com", methods: ["POST"], limit: 20 },
  async handler(input, { db }) {
    await assertWorkspaceVisible(db, input);
    const before =
      decodeCursor("search_entries", input.cursor, z.object({ before_id: z.number().int() }))?.before_id ??
      input.before_id ??
      null;
    // Tags ride along per row (entry_tags' primary key starts with entry_id): one round trip a page.
    const rows = isCurated(input)
      ? await listCurated(db, input, before, input.limit + 1)
      : await db.query<SummaryRow>(
          `SELECT l.id, l.ts, l.device_uuid, l.method, l.host, l.path, l.status, l.source, l.duration_ms, l.response_size,
              ARRAY(SELECT et.tag_id::text FROM public.entry_tags et WHERE et.entry_id = l.id ORDER BY et.tag_id) AS tag_ids
       FROM public.entries_filtered_list(target_workspace => $1, device_uuids => $2, hosts => $3, search_q => $4,
                                         methods => $5, status_classes => $6, before_id => $7, lim => $8) l`,
          [...filterParams(input), before, input.limit + 1],
        );
    return toPage(
      "search_entries",
      rows,
      input.limit,
      (row) => ({
        id: num(row.id),
        ts: isoRequired(row.ts),
        device_uuid: row.device_uuid,
        method: row.method,
        host: row.host,
        path: clip(row.path, 200),
        status: row.status,
        source: row.source,
        duration_ms: row.duration_ms,
        response_size: row.response_size === null ? null : num(row.response_size),
        tag_ids: row.tag_ids,
      }),
      (last) => ({ before_id: num(last.id) }),
    );
  },
});

export const countEntries = defineOperation({
  name: "count_entries",
  title: "Count captures",
  description:
    "Counts the captures matching the same filters as search_entries (text in the URL, hosts, devices, workspace, methods, status classes, tags), scoped to what you may see.",
  domain: "entries",
  input: z.object(entryFilters).strict(),
  output: z.object({ count: z.number() }),
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { hosts: ["api.stripe.com"], status_classes: [4, 5] },
  async handler(input, { db }) {
    await assertWorkspaceVisible(db, input);
    if (isCurated(input)) return { count: await countCurated(db, input) };
    const [row] = await db.query<{ n: string }>(
      `SELECT public.entries_filtered_count(target_workspace => $1, device_uuids => $2, hosts => $3, search_q => $4,
                                            methods => $5, status_classes => $6) AS n`,
      filterParams(input),
    );
    return { count: num(row.n) };
  },
});
