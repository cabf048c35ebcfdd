import { z } from "zod";
import { invalid, notFound } from "@/lib/errors";
import type { Db } from "../types";

/** The capture filters search_entries and count_entries share (entries_filtered_list / _count). */
export const entryFilters = {
  workspace_id: z.uuid().optional().describe("Only captures in this workspace (its devices and pinned entries)"),
  device_uuids: z.array(z.uuid()).min(1).max(50).optional().describe("Only captures from these devices"),
  hosts: z
    .array(z.string().trim().toLowerCase().min(1).max(253))
    .min(1)
    .max(50)
    .optional()
    .describe("Exact hosts, e.g. ['api.stripe.com']"),
  query: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("Text the URL contains (host, path or query), case-insensitive, e.g. 'stripe' or '/v1/login'"),
  methods: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z][A-Z0-9_-]{0,31}$/),
    )
    .min(1)
    .max(10)
    .optional()
    .describe("HTTP methods, e.g. ['POST']"),
  status_classes: z
    .array(z.number().int().min(0).max(5))
    .min(1)
    .max(6)
    .optional()
    .describe("Status classes: 2 for 2xx … 5 for 5xx, 0 for captures that got no response"),
  tag_ids: z
    .array(z.uuid())
    .min(1)
    .max(20)
    .optional()
    .describe("Only captures carrying any of these tags (ids from list_tags)"),
  pinned_only: z
    .boolean()
    .optional()
    .describe("With workspace_id: only the captures pinned into that workspace (pin_entry), not its devices' traffic"),
};

export type EntryFilters = { [K in keyof typeof entryFilters]?: z.output<(typeof entryFilters)[K]> };

/** A workspace filter must name a workspace the caller can see; say so instead of answering nothing. */
export async function assertWorkspaceVisible(db: Db, filters: EntryFilters): Promise<void> {
  const workspaceId = filters.workspace_id;
  if (filters.pinned_only && !workspaceId)
    throw invalid("pinned_only", "needs workspace_id: pins belong to a workspace.", "Pass the workspace's id too.");
  if (!workspaceId) return;
  const rows = await db.query("SELECT 1 FROM public.workspaces WHERE id = $1", [workspaceId]);
  if (rows.length === 0) throw notFound(`Workspace ${workspaceId}`, "List workspaces with list_workspaces.");
}

/** Positional parameters $1..$6 of both RPCs, in their order. */
export function filterParams(filters: EntryFilters): unknown[] {
  return [
    filters.workspace_id ?? null,
    filters.device_uuids ?? null,
    filters.hosts ?? null,
    filters.query ?? null,
    filters.methods ?? null,
    filters.status_classes ?? null,
  ];
}
