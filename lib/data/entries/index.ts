import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import { filtersKey, type FeedFilters } from "@/lib/feed/filters";
import { nextCursor, pageSizeFor, toPage } from "@/lib/feed/pages";
import type { FeedCursor } from "@/lib/feed/types";
import type { CallOperation } from "@/lib/operations/registry-types";
import { fetchEntry } from "./capture";
import { fetchFeedCount, fetchFeedRows, fetchHosts } from "./rows";

export { fetchEntry, type EntryDetail } from "./capture";
export { fetchFeedRows, type HostSuggestion } from "./rows";

/** The keys a live patch and the query it patches share. */
export const entryKeys = {
  feedAll: () => ["feed"] as const,
  feed: (filters: FeedFilters) => ["feed", filtersKey(filters)] as const,
  feedCount: (filters: FeedFilters) => ["feed-count", filtersKey(filters)] as const,
  hosts: (workspace: string | null) => ["hosts", workspace ?? "all"] as const,
  entry: (id: number) => ["entry", id] as const,
};

/**
 * The feed's queries, shared by the server prefetch and the browser. The list is never
 * refetched wholesale: Realtime patches it and a gap fill repairs it after a reconnect, so
 * it never goes stale by time.
 */
export function feedListOptions(call: CallOperation, filters: FeedFilters) {
  return infiniteQueryOptions({
    queryKey: entryKeys.feed(filters),
    queryFn: async ({ pageParam }) =>
      toPage(await fetchFeedRows(call, filters, pageParam, pageSizeFor(pageParam)), pageSizeFor(pageParam)),
    initialPageParam: null as FeedCursor,
    getNextPageParam: (lastPage) => nextCursor(lastPage),
    staleTime: Infinity,
    // A list nobody looks at costs memory; the next visit refetches the first page.
    gcTime: 60_000,
  });
}

export function feedCountOptions(call: CallOperation, filters: FeedFilters) {
  return queryOptions({
    queryKey: entryKeys.feedCount(filters),
    queryFn: () => fetchFeedCount(call, filters),
    staleTime: Infinity,
  });
}

export function hostOptions(call: CallOperation, workspace: string | null) {
  return queryOptions({
    queryKey: entryKeys.hosts(workspace),
    queryFn: () => fetchHosts(call, workspace),
    staleTime: 5 * 60_000,
  });
}

export const entryOptions = (call: CallOperation, id: number) =>
  // A capture never changes once stored (its tags are patched in place).
  queryOptions({
    queryKey: entryKeys.entry(id),
    queryFn: () => fetchEntry(call, id),
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
