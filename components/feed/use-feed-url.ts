"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import {
  entryFromSearchParams,
  feedHref,
  filtersFromSearchParams,
  tabFromSearchParams,
  type FeedFilters,
} from "@/lib/feed/filters";

/**
 * The feed's state that belongs in the URL: the filters, the saved tab they came from and the
 * open entry. Changes go through the History API (Next keeps useSearchParams in step), so
 * filtering and moving through entries never wait for a server round trip; a reload or a
 * shared link renders the same view.
 */
export function useFeedUrl(basePath = "/feed") {
  const params = useSearchParams();
  const search = params.toString();
  const filters = useMemo(() => filtersFromSearchParams(new URLSearchParams(search)), [search]);
  const entryId = useMemo(() => entryFromSearchParams(new URLSearchParams(search)), [search]);
  const tab = useMemo(() => tabFromSearchParams(new URLSearchParams(search)), [search]);

  // Editing the filters stays on the tab (the strip then offers "Update tab"), unless the
  // workspace changes: a tab belongs to one workspace.
  const setFilters = useCallback(
    (next: FeedFilters, { replace = false } = {}) => {
      const keepTab = next.workspace === filters.workspace && !next.pinned ? tab : null;
      const href = feedHref(next, entryId, basePath, keepTab);
      if (replace) window.history.replaceState(null, "", href);
      else window.history.pushState(null, "", href);
    },
    [entryId, basePath, filters.workspace, tab],
  );

  /** Opens a saved tab (or the workspace's All / Pinned view when `tabId` is null). */
  const openView = useCallback(
    (next: FeedFilters, tabId: string | null) =>
      window.history.pushState(null, "", feedHref(next, entryId, basePath, tabId)),
    [entryId, basePath],
  );

  // Moving through entries replaces the history entry: Back should leave the feed, not replay arrow keys.
  const selectEntry = useCallback(
    (id: number | null) => window.history.replaceState(null, "", feedHref(filters, id, basePath, tab)),
    [filters, basePath, tab],
  );

  return { filters, entryId, tab, setFilters, openView, selectEntry };
}
