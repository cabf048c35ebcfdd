import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { SupabaseClient } from "@supabase/supabase-js";
import { queryKeys } from "@/lib/browser/query-keys";
import { fetchFeedCount, fetchFeedRows, fetchHosts } from "@/lib/browser/queries/feed";
import type { FeedFilters } from "./filters";
import { nextCursor, pageSizeFor, toPage } from "./pages";
import type { FeedCursor } from "./types";

/**
 * The feed's queries, shared by the server prefetch and the browser. The list is never
 * refetched wholesale: Realtime patches it and a gap fill repairs it after a reconnect, so
 * it never goes stale by time.
 */
export function feedListOptions(supabase: SupabaseClient, filters: FeedFilters) {
  return infiniteQueryOptions({
    queryKey: queryKeys.feed(filters),
    queryFn: async ({ pageParam }) =>
      toPage(await fetchFeedRows(supabase, filters, pageParam, pageSizeFor(pageParam)), pageSizeFor(pageParam)),
    initialPageParam: null as FeedCursor,
    getNextPageParam: (lastPage) => nextCursor(lastPage),
    staleTime: Infinity,
    // A list nobody looks at costs memory; the next visit refetches the first page.
    gcTime: 60_000,
  });
}

export function feedCountOptions(supabase: SupabaseClient, filters: FeedFilters) {
  return queryOptions({
    queryKey: queryKeys.feedCount(filters),
    queryFn: () => fetchFeedCount(supabase, filters),
    staleTime: Infinity,
  });
}

export function hostOptions(supabase: SupabaseClient, workspace: string | null) {
  return queryOptions({
    queryKey: queryKeys.hosts(workspace),
    queryFn: () => fetchHosts(supabase, workspace),
    staleTime: 5 * 60_000,
  });
}
