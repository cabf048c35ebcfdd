"use client";

import { notifyManager, useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef } from "react";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { entryKeys, feedCountOptions, feedListOptions, fetchFeedRows } from "@/lib/data/entries";
import type { FeedFilters } from "./filters";
import { fetchNewerThan } from "./gap-fill";
import { matchLive } from "./live-match";
import { initialLiveState, liveReducer } from "./live-state";
import { indexOfId, mergeAtTop, newestId, trimmedAtTop, type FeedPages } from "./pages";
import type { EntrySummary, FeedCursor, FeedPage, FeedRow } from "./types";
import { useLiveEntries } from "./use-live-entries";

/** What the list tells the controller about the reader's position, without re-rendering on scroll. */
export interface ReadingPosition {
  /** Id of the first row in view; null when the list is empty. */
  firstVisibleId: number | null;
  atTop: boolean;
}

/** Live rows that only the server can match (search beyond host and path) are fetched at most this often. */
const SERVER_MATCH_INTERVAL_MS = 1000;

/**
 * The feed's controller: the keyset list and its total from the operations search_entries and count_entries, live rows from Broadcast
 * merged into the same cache (never refetching the list) while the reader is at the top, held
 * (the "N new" pill, or beside the pause toggle) while they are not, and the gap fill after a
 * reconnect. The view only renders what this returns.
 */
export function useFeed(filters: FeedFilters, topics: string[] | null) {
  const supabase = useSupabase();
  const call = useOperations();
  const queryClient = useQueryClient();
  // No structural sharing: every write to the list (a page fetched, a frame of live rows)
  // already keeps the pages it does not change, so the deep compare TanStack would run over
  // the changed page on every live frame finds nothing to share and costs O(rows) per frame.
  const list = useInfiniteQuery({ ...feedListOptions(call, filters), structuralSharing: false });
  const total = useQuery(feedCountOptions(call, filters));
  const [live, dispatch] = useReducer(liveReducer, initialLiveState);
  const position = useRef<ReadingPosition>({ firstVisibleId: null, atTop: true });

  // Callbacks below run from socket events: they read the current values through a ref.
  const current = useRef({ filters, live });
  useLayoutEffect(() => {
    current.current = { filters, live };
  });

  const keyString = entryKeys.feed(filters)[1];

  /**
   * Puts rows into the list (the reader is at the top and not paused): one cache write for the
   * list, trimmed in the same write (mergeAtTop), and one for the total, delivered to React
   * together.
   */
  const merge = useCallback(
    (rows: FeedRow[]) => {
      const f = current.current.filters;
      notifyManager.batch(() => {
        let added = 0;
        queryClient.setQueryData<InfiniteData<FeedPage, FeedCursor>>(entryKeys.feed(f), (data) => {
          if (!data) return data;
          const result = mergeAtTop(data as FeedPages, rows);
          added = result.inserted.length;
          // Undefined leaves the cache untouched: rows it already holds wake no one.
          return added ? result.data : undefined;
        });
        if (added) queryClient.setQueryData<number>(entryKeys.feedCount(f), (n) => (n === undefined ? n : n + added));
      });
    },
    [queryClient],
  );

  /** Starts over from the server: the gap was too wide to fill row by row. */
  const reload = useCallback(() => {
    dispatch({ type: "released" });
    const f = current.current.filters;
    void queryClient.resetQueries({ queryKey: entryKeys.feed(f), exact: true });
    void queryClient.invalidateQueries({ queryKey: entryKeys.feedCount(f), exact: true });
  }, [queryClient]);

  /** New rows go in at once only for a reader at the top who has not paused; otherwise they wait. */
  const deliver = useCallback(
    (rows: FeedRow[]) => {
      if (rows.length === 0) return;
      if (current.current.live.paused || !position.current.atTop) {
        const data = queryClient.getQueryData<FeedPages>(entryKeys.feed(current.current.filters));
        dispatch({ type: "held", rows: data ? rows.filter((r) => indexOfId(data, r.id) === -1) : rows });
      } else merge(rows);
    },
    [queryClient, merge],
  );

  /** Lets held rows in (the reader is at the top and not paused), trimming a long list first. */
  const release = useCallback(() => {
    const { live: state, filters: f } = current.current;
    if (state.paused) return;
    const key = entryKeys.feed(f);
    const data = queryClient.getQueryData<FeedPages>(key);
    const trimmed = data && trimmedAtTop(data);
    if (trimmed && trimmed !== data) queryClient.setQueryData<FeedPages>(key, trimmed);
    if (state.heldOverflow) reload();
    else if (state.held.length) {
      merge(state.held);
      dispatch({ type: "released" });
    }
  }, [queryClient, merge, reload]);

  const filling = useRef<{ running: boolean; again: boolean }>({ running: false, again: false });
  const fillGap = useCallback(async () => {
    if (filling.current.running) {
      filling.current.again = true;
      return;
    }
    filling.current.running = true;
    try {
      do {
        filling.current.again = false;
        const f = current.current.filters;
        const data = queryClient.getQueryData<FeedPages>(entryKeys.feed(f));
        if (!data) return;
        const gap = await fetchNewerThan((before, limit) => fetchFeedRows(call, f, before, limit), newestId(data));
        if (!gap.complete) reload();
        else deliver(gap.rows);
      } while (filling.current.again);
    } catch {
      // The next live row or reconnect tries again; the list stays as it was.
    } finally {
      filling.current.running = false;
    }
  }, [queryClient, call, deliver, reload]);

  const lastServerMatch = useRef(0);
  const serverMatchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const askServer = useCallback(() => {
    if (serverMatchTimer.current) return;
    const wait = Math.max(0, lastServerMatch.current + SERVER_MATCH_INTERVAL_MS - Date.now());
    serverMatchTimer.current = setTimeout(() => {
      serverMatchTimer.current = null;
      lastServerMatch.current = Date.now();
      void fillGap();
    }, wait);
  }, [fillGap]);

  useLiveEntries(supabase, topics, {
    onRows(summaries: EntrySummary[]) {
      const f = current.current.filters;
      const rows: FeedRow[] = [];
      let unsure = false;
      for (const summary of summaries) {
        const match = matchLive(summary, f);
        if (match === "yes") rows.push({ ...summary, tag_ids: [] });
        else if (match === "maybe") unsure = true;
      }
      deliver(rows);
      if (unsure) askServer();
    },
    onHealth(health) {
      dispatch({ type: health === "joined" ? "connected" : health === "down" ? "disconnected" : "unavailable" });
    },
    onRejoined() {
      void fillGap();
    },
  });

  // A new filter is a new list: rows held for the old one do not belong to it.
  useEffect(() => {
    dispatch({ type: "released" });
  }, [keyString]);

  const pause = useCallback(() => dispatch({ type: "pause" }), []);
  const resume = useCallback(() => {
    dispatch({ type: "resume" });
    // The ref sees "resumed" only after render; release with the paused flag cleared by hand.
    current.current = { ...current.current, live: { ...current.current.live, paused: false } };
    if (position.current.atTop) release();
  }, [release]);

  return { list, total, live, position, pause, resume, reachedTop: release, reload };
}
