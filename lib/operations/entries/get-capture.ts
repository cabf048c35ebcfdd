import { z } from "zod";
import { notFound } from "@/lib/errors";
import { isoRequired, num } from "../fields";
import { defineOperation } from "../types";

export const getCapture = defineOperation({
  name: "get_capture",
  title: "Get a capture as recorded",
  description:
    "Returns one capture exactly as the device recorded it (the TrafficLogEntry: every header in order, whole bodies, timings, TLS, client), " +
    "with its tags. Secrets are NOT replaced: prefer get_entry, which redacts and trims, for reading; use this to export or replay a request.",
  domain: "entries",
  input: z.object({ entry_id: z.number().int().positive().describe("The capture (from search_entries)") }).strict(),
  output: z.object({
    id: z.number(),
    ts: z.string(),
    received_at: z.string(),
    device_uuid: z.string(),
    tag_ids: z.array(z.string()),
    payload: z.record(z.string(), z.unknown()).describe("The TrafficLogEntry as stored"),
  }),
  capabilities: [{ section: "entries", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { entry_id: 1234 },
  async handler({ entry_id }, { db }) {
    const [row] = await db.query<{
      id: string;
      ts: Date;
      received_at: Date;
      device_uuid: string;
      payload: Record<string, unknown>;
      tag_ids: string[];
    }>(
      `SELECT e.id, e.ts, e.received_at, e.device_uuid, e.payload,
              ARRAY(SELECT et.tag_id::text FROM public.entry_tags et WHERE et.entry_id = e.id ORDER BY et.tag_id) AS tag_ids
       FROM public.entries e WHERE e.id = $1`,
      [entry_id],
    );
    if (!row) throw notFound(`Entry ${entry_id}`, "Find captures with search_entries.");
    return {
      id: num(row.id),
      ts: isoRequired(row.ts),
      received_at: isoRequired(row.received_at),
      device_uuid: row.device_uuid,
      tag_ids: row.tag_ids,
      payload: row.payload,
    };
  },
});
