import { z } from "zod";
import type { Db } from "../types";
import { notFound } from "@/lib/errors";
import { uuidField } from "../fields";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";
import {
  WORKSPACE_COLUMNS,
  tab,
  toTab,
  toWorkspaceSummary,
  workspaceSummary,
  type TabRow,
  type WorkspaceRow,
} from "./shared";

export const listWorkspaces = defineOperation({
  name: "list_workspaces",
  title: "List workspaces",
  description:
    "Lists the workspaces you can see (capture scopes: a set of devices whose traffic they collect, plus pinned entries, with saved filter tabs), " +
    "sorted by name, with device, tab and pinned-entry counts. Open one with get_workspace. Paginated by next_cursor.",
  domain: "workspaces",
  input: z.object({ limit: limitField(), cursor: cursorField }).strict(),
  output: pageOf(workspaceSummary),
  capabilities: [{ section: "workspaces", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { limit: 20 },
  async handler(input, { db }) {
    const offset = offsetOf("list_workspaces", input.cursor);
    const rows = await db.query<WorkspaceRow>(
      `SELECT ${WORKSPACE_COLUMNS} FROM public.workspaces w ORDER BY w.name, w.id OFFSET $1 LIMIT $2`,
      [offset, input.limit + 1],
    );
    return toPage("list_workspaces", rows, input.limit, toWorkspaceSummary, () => ({ offset: offset + input.limit }));
  },
});

export const workspaceDetail = workspaceSummary.extend({
  devices: z.array(z.object({ uuid: z.string(), name: z.string() })),
  tabs: z.array(tab),
});

/** A workspace with its devices and tabs, or NOT_FOUND (also used by the writes to answer). */
export async function loadWorkspace(db: Db, workspaceId: string): Promise<z.input<typeof workspaceDetail>> {
  const [row] = await db.query<WorkspaceRow>(`SELECT ${WORKSPACE_COLUMNS} FROM public.workspaces w WHERE w.id = $1`, [
    workspaceId,
  ]);
  if (!row) throw notFound(`Workspace ${workspaceId}`, "List workspaces with list_workspaces.");
  // Device names come through devices' own RLS; a device outside the caller's scope shows by uuid only.
  const devices = await db.query<{ uuid: string; name: string | null }>(
    `SELECT wd.device_uuid AS uuid, d.name FROM public.workspace_devices wd LEFT JOIN public.devices d ON d.uuid = wd.device_uuid
     WHERE wd.workspace_id = $1 ORDER BY d.name NULLS LAST, wd.device_uuid`,
    [workspaceId],
  );
  const tabs = await db.query<TabRow>(
    "SELECT id, title, position, filter FROM public.workspace_tabs WHERE workspace_id = $1 ORDER BY position, created_at",
    [workspaceId],
  );
  return {
    ...toWorkspaceSummary(row),
    devices: devices.map((d) => ({ uuid: d.uuid, name: d.name ?? "(not visible to you)" })),
    tabs: tabs.map(toTab),
  };
}

export const getWorkspace = defineOperation({
  name: "get_workspace",
  title: "Get a workspace",
  description:
    "One workspace with its devices and its tabs (each tab's saved filter), in tab order. Search its captures with search_entries(workspace_id=…).",
  domain: "workspaces",
  input: z.object({ workspace_id: uuidField("The workspace's id") }).strict(),
  output: workspaceDetail,
  capabilities: [{ section: "workspaces", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f" },
  async handler({ workspace_id }, { db }) {
    return loadWorkspace(db, workspace_id);
  },
});
