"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { entryFromSearchParams, feedHref, filtersFromSearchParams, type FeedFilters } from "@/lib/feed/filters";

/**
 * The feed's state that belongs in the URL: the filters and the open entry. Changes go through
 * the History API (Next keeps useSearchParams in step), so filtering and moving through
 * entries never wait for a server round trip; a reload or a shared link renders the same view.
 */
export function useFeedUrl(basePath = "/feed") {
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(params.toString())), [params]);
  const entryId = useMemo(() => entryFromSearchParams(new URLSearchParams(params.toString())), [params]);

  const setFilters = useCallback(
    (next: FeedFilters, { replace = false } = {}) => {
      const href = feedHref(next, entryId, basePath);
      if (replace) window.history.replaceState(null, "", href);
      else window.history.pushState(null, "", href);
    },
    [entryId, basePath],
  );

  // Moving through entries replaces the history entry: Back should leave the feed, not replay arrow keys.
  const selectEntry = useCallback(
    (id: number | null) => window.history.replaceState(null, "", feedHref(filters, id, basePath)),
    [filters, basePath],
  );

  return { filters, entryId, setFilters, selectEntry };
}
