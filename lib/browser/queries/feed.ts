import type { SupabaseClient } from "@supabase/supabase-js";
import { filterArgs, type FeedFilters } from "@/lib/feed/filters";
import type { EntrySummary, FeedRow } from "@/lib/feed/types";
import { unwrap } from "../errors";

/**
 * Reads of the capture feed. Each takes the supabase client first (midday's query-function
 * style), so the server prefetch and the browser run the very same request.
 */

export async function fetchFeedRows(
  supabase: SupabaseClient,
  filters: FeedFilters,
  beforeId: number | null,
  limit: number,
): Promise<FeedRow[]> {
  const summaries = unwrap<EntrySummary[]>(
    await supabase.rpc("entries_filtered_list", { ...filterArgs(filters), before_id: beforeId, lim: limit }),
    "load captures",
  );
  return withTags(supabase, summaries);
}

/** Adds each row's tag ids (one request per page; live rows start untagged). */
export async function withTags(supabase: SupabaseClient, rows: EntrySummary[]): Promise<FeedRow[]> {
  if (rows.length === 0) return [];
  const tagged = unwrap<{ entry_id: number; tag_id: string }[]>(
    await supabase
      .from("entry_tags")
      .select("entry_id,tag_id")
      .in(
        "entry_id",
        rows.map((r) => r.id),
      ),
    "load tags",
  );
  const byEntry = new Map<number, string[]>();
  for (const { entry_id, tag_id } of tagged) byEntry.set(entry_id, [...(byEntry.get(entry_id) ?? []), tag_id]);
  return rows.map((row) => ({ ...row, tag_ids: byEntry.get(row.id) ?? [] }));
}

export async function fetchFeedCount(supabase: SupabaseClient, filters: FeedFilters): Promise<number> {
  return Number(unwrap(await supabase.rpc("entries_filtered_count", filterArgs(filters)), "count captures"));
}

export interface HostSuggestion {
  host: string;
  entries: number;
}

export async function fetchHosts(supabase: SupabaseClient, workspace: string | null): Promise<HostSuggestion[]> {
  return unwrap<HostSuggestion[]>(
    await supabase.rpc("entry_hosts", { target_workspace: workspace, lim: 100 }),
    "load hosts",
  );
}
