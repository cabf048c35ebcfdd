import { filterInput, type FeedFilters } from "@/lib/feed/filters";
import type { FeedRow } from "@/lib/feed/types";
import type { CallOperation } from "@/lib/operations/registry-types";

/**
 * The feed's reads as operations (search_entries, count_entries, list_hosts). Each takes the
 * CallOperation first (midday's query-function style), so the server prefetch and the browser
 * run the very same operation with the same input.
 */

export async function fetchFeedRows(
  call: CallOperation,
  filters: FeedFilters,
  beforeId: number | null,
  limit: number,
): Promise<FeedRow[]> {
  const page = await call("search_entries", {
    ...filterInput(filters),
    ...(beforeId === null ? {} : { before_id: beforeId }),
    limit,
  });
  return page.items.map((row) => ({
    ...row,
    method: row.method ?? "",
    path: row.path ?? "",
    source: row.source ?? "",
  }));
}

export async function fetchFeedCount(call: CallOperation, filters: FeedFilters): Promise<number> {
  return (await call("count_entries", filterInput(filters))).count;
}

export interface HostSuggestion {
  host: string;
  entries: number;
}

export async function fetchHosts(call: CallOperation, workspace: string | null): Promise<HostSuggestion[]> {
  return (await call("list_hosts", { ...(workspace ? { workspace_id: workspace } : {}), limit: 100 })).items;
}
