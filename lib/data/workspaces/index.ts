import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";
import { feedHref } from "@/lib/feed/filters";
import { filtersFromTab } from "@/lib/feed/tabs";
import { allItems } from "../pages";

export interface Workspace {
  id: string;
  name: string;
}

export type WorkspaceSummary = OperationOutput<"list_workspaces">["items"][number];
export type WorkspaceDetail = OperationOutput<"get_workspace">;
export type WorkspaceTab = WorkspaceDetail["tabs"][number];

export const workspaceKeys = {
  list: () => ["workspaces"] as const,
  summaries: () => ["workspaces", "summaries"] as const,
  detail: (id: string) => ["workspaces", "detail", id] as const,
  pinned: (id: string) => ["workspaces", "pinned", id] as const,
};

export const workspacesOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: workspaceKeys.list(),
    queryFn: async (): Promise<Workspace[]> =>
      (await allItems(call, "list_workspaces", {})).items.map(({ id, name }) => ({ id, name })),
    staleTime: 5 * 60_000,
  });

/** The workspaces page's list: with device, tab and pin counts. */
export const workspaceSummariesOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: workspaceKeys.summaries(),
    queryFn: async (): Promise<WorkspaceSummary[]> => (await allItems(call, "list_workspaces", {})).items,
    staleTime: 5 * 60_000,
  });

export const workspaceOptions = (call: CallOperation, id: string) =>
  queryOptions({
    queryKey: workspaceKeys.detail(id),
    queryFn: (): Promise<WorkspaceDetail> => call("get_workspace", { workspace_id: id }),
    staleTime: 5 * 60_000,
  });

/** A saved tab opened in the feed: its filter as the feed's URL, inside the workspace. */
export function tabHref(workspaceId: string, tab: WorkspaceTab): string {
  return feedHref(filtersFromTab(workspaceId, tab.filter), null, "/feed", tab.id);
}

/** The tab ids with one moved by `delta` places (reorder_tabs takes the whole order). */
export function moveTab(tabs: readonly WorkspaceTab[], id: string, delta: -1 | 1): string[] {
  const ids = tabs.map((t) => t.id);
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  [ids[from], ids[to]] = [ids[to], ids[from]];
  return ids;
}

/** How many pins the detail pane's Pin button knows of per workspace (pins are curated, few). */
export const PINNED_IDS_LIMIT = 500;

/** The ids pinned into a workspace, for the detail pane's Pin / Unpin state. */
export const pinnedIdsOptions = (call: CallOperation, workspaceId: string) =>
  queryOptions({
    queryKey: workspaceKeys.pinned(workspaceId),
    queryFn: async (): Promise<ReadonlySet<number>> =>
      new Set(
        (
          await call("search_entries", { workspace_id: workspaceId, pinned_only: true, limit: PINNED_IDS_LIMIT })
        ).items.map((e) => e.id),
      ),
    staleTime: 60_000,
  });
