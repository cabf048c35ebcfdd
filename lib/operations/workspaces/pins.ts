import { z } from "zod";
import { notFound } from "@/lib/errors";
import { uuidField } from "../fields";
import { defineOperation, type Db } from "../types";

const input = z
  .object({
    workspace_id: uuidField("The workspace"),
    entry_id: z.number().int().positive().describe("The capture's id (from search_entries)"),
  })
  .strict();
const output = z.object({ workspace_id: z.string(), entry_id: z.number(), pinned: z.boolean() });

async function assertVisible(db: Db, workspaceId: string, entryId: number): Promise<void> {
  const [row] = await db.query<{ workspace: boolean; entry: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM public.workspaces WHERE id = $1) AS workspace, EXISTS (SELECT 1 FROM public.entries WHERE id = $2) AS entry",
    [workspaceId, entryId],
  );
  if (!row.workspace) throw notFound(`Workspace ${workspaceId}`, "List workspaces with list_workspaces.");
  if (!row.entry) throw notFound(`Entry ${entryId}`, "Find captures with search_entries.");
}

export const pinEntry = defineOperation({
  name: "pin_entry",
  title: "Pin a capture to a workspace",
  description:
    "Pins a capture into a workspace, so it shows there even though its device is not one of the workspace's devices. Pinning twice is harmless.",
  domain: "workspaces",
  input,
  output,
  capabilities: [
    { section: "workspaces", action: "edit" },
    { section: "entries", action: "view" },
  ],
  readOnly: false,
  destructive: false,
  idempotent: true,
  example: { workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f", entry_id: 1234 },
  async handler({ workspace_id, entry_id }, { db }) {
    await assertVisible(db, workspace_id, entry_id);
    await db.query(
      "INSERT INTO public.workspace_entries (workspace_id, entry_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [workspace_id, entry_id],
    );
    return { workspace_id, entry_id, pinned: true };
  },
});

export const unpinEntry = defineOperation({
  name: "unpin_entry",
  title: "Unpin a capture",
  description: "Removes a pinned capture from a workspace. The capture itself stays.",
  domain: "workspaces",
  input,
  output,
  capabilities: [{ section: "workspaces", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f", entry_id: 1234 },
  async handler({ workspace_id, entry_id }, { db }) {
    const rows = await db.query(
      "DELETE FROM public.workspace_entries WHERE workspace_id = $1 AND entry_id = $2 RETURNING entry_id",
      [workspace_id, entry_id],
    );
    if (rows.length === 0)
      throw notFound(
        `A pin of entry ${entry_id} in workspace ${workspace_id}`,
        "get_workspace and search_entries(workspace_id=…) show what is pinned.",
      );
    return { workspace_id, entry_id, pinned: false };
  },
});
