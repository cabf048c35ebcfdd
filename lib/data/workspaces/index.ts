import { queryOptions } from "@tanstack/react-query";
import type { CallOperation } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export interface Workspace {
  id: string;
  name: string;
}

export const workspaceKeys = { list: () => ["workspaces"] as const };

export const workspacesOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: workspaceKeys.list(),
    queryFn: async (): Promise<Workspace[]> =>
      (await allItems(call, "list_workspaces", {})).items.map(({ id, name }) => ({ id, name })),
    staleTime: 5 * 60_000,
  });
