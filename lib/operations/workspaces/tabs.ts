import { z } from "zod";
import { invalid, notFound } from "@/lib/errors";
import { requireOneOf, uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { tab, tabFilter, toTab, type TabRow } from "./shared";

const edit = [{ section: "workspaces", action: "edit" }] as const;
const tabNotFound = (id: string) => notFound(`Tab ${id}`, "get_workspace lists a workspace's tabs.");

async function assertWorkspace(db: Db, workspaceId: string): Promise<void> {
  const rows = await db.query("SELECT 1 FROM public.workspaces WHERE id = $1", [workspaceId]);
  if (rows.length === 0) throw notFound(`Workspace ${workspaceId}`, "List workspaces with list_workspaces.");
}

export const addTab = defineOperation({
  name: "add_tab",
  title: "Add a workspace tab",
  description:
    "Adds a tab to a workspace: a named, saved feed filter (devices, hosts, search text, methods, status classes, tags). It goes last unless you give a position.",
  domain: "workspaces",
  input: z
    .object({
      workspace_id: uuidField("The workspace"),
      title: z.string().trim().min(1).max(100),
      filter: tabFilter.default({}),
      position: z.number().int().min(0).max(10_000).optional().describe("0 = first; default: after the last tab"),
    })
    .strict(),
  output: tab,
  capabilities: edit,
  readOnly: false,
  // Additive: a given position shifts later tabs down, but every tab and their order stay.
  destructive: false,
  idempotent: false,
  example: {
    workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f",
    title: "Stripe errors",
    filter: { hosts: ["api.stripe.com"], statuses: ["4xx", "5xx"] },
  },
  async handler(input, { db }) {
    await assertWorkspace(db, input.workspace_id);
    if (input.position !== undefined) {
      await db.query(
        "UPDATE public.workspace_tabs SET position = position + 1 WHERE workspace_id = $1 AND position >= $2",
        [input.workspace_id, input.position],
      );
    }
    const [row] = await db.query<TabRow>(
      `INSERT INTO public.workspace_tabs (workspace_id, title, filter, position)
       VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position) + 1, 0) FROM public.workspace_tabs WHERE workspace_id = $1)))
       RETURNING id, title, position, filter`,
      [input.workspace_id, input.title, JSON.stringify(input.filter), input.position ?? null],
    );
    return toTab(row);
  },
});

export const updateTab = defineOperation({
  name: "update_tab",
  title: "Update a workspace tab",
  description: "Renames a tab or replaces its saved filter (the filter you pass is the complete new one).",
  domain: "workspaces",
  input: z
    .object({
      tab_id: uuidField("The tab"),
      title: z.string().trim().min(1).max(100).optional(),
      filter: tabFilter.optional(),
    })
    .strict()
    .superRefine(requireOneOf(["title", "filter"])),
  output: tab,
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { tab_id: "5b0c9a8d-7e6f-4a3b-8c2d-1e0f9a8b7c6d", title: "Stripe 4xx/5xx" },
  async handler(input, { db }) {
    const [row] = await db.query<TabRow>(
      "UPDATE public.workspace_tabs SET title = coalesce($2, title), filter = coalesce($3, filter) WHERE id = $1 RETURNING id, title, position, filter",
      [input.tab_id, input.title ?? null, input.filter ? JSON.stringify(input.filter) : null],
    );
    if (!row) throw tabNotFound(input.tab_id);
    return toTab(row);
  },
});

export const removeTab = defineOperation({
  name: "remove_tab",
  title: "Remove a workspace tab",
  description: "Removes a tab (its saved filter) from its workspace. Captures are not affected.",
  domain: "workspaces",
  input: z.object({ tab_id: uuidField("The tab") }).strict(),
  output: z.object({ removed: z.literal(true), tab_id: z.string(), title: z.string() }),
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { tab_id: "5b0c9a8d-7e6f-4a3b-8c2d-1e0f9a8b7c6d" },
  async handler({ tab_id }, { db }) {
    const [row] = await db.query<{ id: string; title: string }>(
      "DELETE FROM public.workspace_tabs WHERE id = $1 RETURNING id, title",
      [tab_id],
    );
    if (!row) throw tabNotFound(tab_id);
    return { removed: true as const, tab_id: row.id, title: row.title };
  },
});

export const reorderTabs = defineOperation({
  name: "reorder_tabs",
  title: "Reorder workspace tabs",
  description:
    "Puts a workspace's tabs in the order given. tab_ids must list every tab of the workspace exactly once (get_workspace shows them).",
  domain: "workspaces",
  input: z
    .object({
      workspace_id: uuidField("The workspace"),
      tab_ids: z.array(z.uuid()).min(1).max(200).describe("All the workspace's tab ids, in the new order"),
    })
    .strict(),
  output: z.object({ tabs: z.array(tab) }),
  capabilities: edit,
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: {
    workspace_id: "0d6b8f4e-2f3a-4c1b-9e7d-5a4b3c2d1e0f",
    tab_ids: ["5b0c9a8d-7e6f-4a3b-8c2d-1e0f9a8b7c6d", "8e7d6c5b-4a3f-4e2d-9c1b-0a9f8e7d6c5b"],
  },
  async handler({ workspace_id, tab_ids }, { db }) {
    await assertWorkspace(db, workspace_id);
    const current = await db.query<{ id: string }>(
      "SELECT id FROM public.workspace_tabs WHERE workspace_id = $1 FOR UPDATE",
      [workspace_id],
    );
    const have = new Set(current.map((row) => row.id));
    const given = new Set(tab_ids);
    if (given.size !== tab_ids.length || given.size !== have.size || tab_ids.some((id) => !have.has(id))) {
      throw invalid(
        "tab_ids",
        `must list each of the workspace's ${have.size} tabs exactly once.`,
        "Call get_workspace for the current tab ids.",
      );
    }
    await db.query(
      "UPDATE public.workspace_tabs t SET position = o.ord - 1 FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord) WHERE t.id = o.id AND t.workspace_id = $1",
      [workspace_id, tab_ids],
    );
    const rows = await db.query<TabRow>(
      "SELECT id, title, position, filter FROM public.workspace_tabs WHERE workspace_id = $1 ORDER BY position",
      [workspace_id],
    );
    return { tabs: rows.map(toTab) };
  },
});
