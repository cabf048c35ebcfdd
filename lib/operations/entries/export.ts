import { z } from "zod";
import { toHarEntry } from "@/lib/capture/har";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { num } from "../fields";
import { cursorField, decodeCursor, limitField, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";
import { assertWorkspaceVisible, entryFilters, filterParams } from "./filters";
import { isCurated, listCurated } from "./tagged";

/**
 * Captures as HAR 1.2 entries, newest first, for the same filters as search_entries: the page
 * source of the dashboard's HAR export (GET /api/har/export streams page after page) and of
 * any client that wants HAR. Bodies are whole, as recorded (like get_capture).
 */
export const exportEntries = defineOperation({
  name: "export_entries",
  title: "Export captures as HAR",
  description:
    "Returns captures as HAR 1.2 entries (every header, whole bodies, timings), newest first, for the same filters as search_entries, a page at a time. " +
    "Secrets are NOT replaced. Meant for writing a .har file; to read captures prefer search_entries and get_entry. Pages are small because bodies can be large.",
  domain: "entries",
  input: z
    .object({
      ...entryFilters,
      limit: limitField(10, 100),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(
    z.object({
      id: z.number().describe("Entry id"),
      har: z.record(z.string(), z.unknown()).describe("The capture as a HAR 1.2 entry"),
    }),
  ),
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { hosts: ["api.stripe.com"], limit: 10 },
  async handler(input, { db }) {
    await assertWorkspaceVisible(db, input);
    const before =
      decodeCursor("export_entries", input.cursor, z.object({ before_id: z.number().int() }))?.before_id ?? null;
    const ids = (
      isCurated(input)
        ? await listCurated(db, input, before, input.limit + 1)
        : await db.query<{ id: string }>(
            `SELECT l.id FROM public.entries_filtered_list(target_workspace => $1, device_uuids => $2, hosts => $3, search_q => $4,
                                                      methods => $5, status_classes => $6, before_id => $7, lim => $8) l`,
            [...filterParams(input), before, input.limit + 1],
          )
    ).map((row) => num(row.id));
    const payloads = new Map(
      (
        await db.query<{ id: string; payload: TrafficLogEntry }>(
          "SELECT id, payload FROM public.entries WHERE id = ANY ($1::bigint[])",
          [ids.slice(0, input.limit)],
        )
      ).map((row) => [num(row.id), row.payload]),
    );
    // The look-ahead id only says whether there is a next page; its payload is not read.
    const rows = ids
      .filter((id, i) => i === input.limit || payloads.has(id))
      .map((id) => ({ id, payload: payloads.get(id) }));
    return toPage(
      "export_entries",
      rows,
      input.limit,
      (row) => ({ id: row.id, har: toHarEntry(row.payload!) as unknown as Record<string, unknown> }),
      (last) => ({ before_id: last.id }),
    );
  },
});
