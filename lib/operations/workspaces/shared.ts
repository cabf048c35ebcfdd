import { z } from "zod";
import { STATUS_CLASSES } from "@/lib/feed/filters";
import { isoRequired, timestamp } from "../fields";

/** A tab's saved feed filter, as the dashboard stores it in workspace_tabs.filter. */
export const tabFilter = z
  .object({
    devices: z.array(z.uuid()).max(50).optional(),
    hosts: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(50).optional(),
    search: z.string().trim().max(200).optional(),
    methods: z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z][A-Z0-9_-]{0,31}$/),
      )
      .max(10)
      .optional(),
    statuses: z.array(z.enum(STATUS_CLASSES)).max(6).optional(),
    tags: z.array(z.uuid()).max(20).optional().describe("Tag ids (list_tags): captures carrying any of them"),
  })
  .strict()
  .describe("A saved feed filter: devices, hosts, search text, methods, status classes (1xx…5xx, failed), tags");

export const tab = z.object({
  id: z.string(),
  title: z.string(),
  position: z.number(),
  filter: z.record(z.string(), z.unknown()),
});

export interface TabRow {
  id: string;
  title: string;
  position: number;
  filter: Record<string, unknown>;
}

export const toTab = (row: TabRow) => ({ id: row.id, title: row.title, position: row.position, filter: row.filter });

export const workspaceSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  owner_user_id: z.string(),
  device_count: z.number(),
  tab_count: z.number(),
  pinned_count: z.number(),
  updated_at: timestamp,
});

export interface WorkspaceRow {
  id: string;
  name: string;
  description: string;
  owner_user_id: string;
  device_count: string;
  tab_count: string;
  pinned_count: string;
  updated_at: Date;
}

export const WORKSPACE_COLUMNS = `w.id, w.name, w.description, w.owner_user_id, w.updated_at,
  (SELECT count(*) FROM public.workspace_devices wd WHERE wd.workspace_id = w.id) AS device_count,
  (SELECT count(*) FROM public.workspace_tabs t WHERE t.workspace_id = w.id) AS tab_count,
  (SELECT count(*) FROM public.workspace_entries we WHERE we.workspace_id = w.id) AS pinned_count`;

export const toWorkspaceSummary = (row: WorkspaceRow) => ({
  id: row.id,
  name: row.name,
  description: row.description,
  owner_user_id: row.owner_user_id,
  device_count: Number(row.device_count),
  tab_count: Number(row.tab_count),
  pinned_count: Number(row.pinned_count),
  updated_at: isoRequired(row.updated_at),
});
