"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useLayoutEffect, useReducer, useRef } from "react";
import { useSupabase } from "@/lib/browser/providers";
import { queryKeys } from "@/lib/browser/query-keys";
import { fetchFeedRows } from "@/lib/browser/queries/feed";
import type { FeedFilters } from "./filters";
import { fetchNewerThan } from "./gap-fill";
import { matchLive } from "./live-match";
import { initialLiveState, liveReducer } from "./live-state";
import { mergeRows, newestId, type FeedPages } from "./pages";
import { feedCountOptions, feedListOptions } from "./query-options";
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
 * The feed's controller: the keyset list and its total from REST, live rows from Broadcast
 * merged into the same cache (never refetching the list), pause, the "N new" count, and the
 * gap fill after a reconnect. The view only renders what this returns.
 */
export function useFeed(filters: FeedFilters, topics: string[] | null) {
  const supabase = useSupabase();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(feedListOptions(supabase, filters));
  const total = useQuery(feedCountOptions(supabase, filters));
  const [live, dispatch] = useReducer(liveReducer, initialLiveState);
  const position = useRef<ReadingPosition>({ firstVisibleId: null, atTop: true });

  // Callbacks below run from socket events: they read the current values through refs.
  const current = useRef({ filters, paused: live.paused, held: live.held, heldOverflow: live.heldOverflow });
  useLayoutEffect(() => {
    current.current = { filters, paused: live.paused, held: live.held, heldOverflow: live.heldOverflow };
  });

  const listKey = queryKeys.feed(filters);
  const countKey = queryKeys.feedCount(filters);

  const merge = useCallback(
    (rows: FeedRow[]) => {
      let inserted: FeedRow[] = [];
      queryClient.setQueryData<InfiniteData<FeedPage, FeedCursor>>(listKey, (data) => {
        if (!data) return data;
        const result = mergeRows(data as FeedPages, rows);
        inserted = result.inserted;
        return result.data;
      });
      if (inserted.length === 0) return;
      queryClient.setQueryData<number>(countKey, (n) => (n === undefined ? n : n + inserted.length));
      const { firstVisibleId, atTop } = position.current;
      const above = firstVisibleId === null ? inserted.length : inserted.filter((r) => r.id > firstVisibleId).length;
      dispatch({ type: "inserted", above, atTop });
    },
    // listKey/countKey are derived from filters; their identity changes with every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [queryClient, listKey[1]],
  );

  /** Starts over from REST: the gap was too wide to fill row by row. */
  const reload = useCallback(() => {
    dispatch({ type: "reset" });
    void queryClient.resetQueries({ queryKey: listKey, exact: true });
    void queryClient.invalidateQueries({ queryKey: countKey, exact: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, listKey[1]]);

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
        const data = queryClient.getQueryData<FeedPages>(listKey);
        if (!data) return;
        const { filters: f } = current.current;
        const gap = await fetchNewerThan((before, limit) => fetchFeedRows(supabase, f, before, limit), newestId(data));
        if (!gap.complete) reload();
        else if (current.current.paused) dispatch({ type: "held", rows: gap.rows.filter((r) => r.id > (newestId(data) ?? 0)) });
        else merge(gap.rows);
      } while (filling.current.again);
    } catch {
      // The next live row or reconnect tries again; the list stays as it was.
    } finally {
      filling.current.running = false;
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryClient, supabase, merge, reload, listKey[1]]);

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
      const { filters: f, paused } = current.current;
      const rows: FeedRow[] = [];
      let unsure = false;
      for (const summary of summaries) {
        const match = matchLive(summary, f);
        if (match === "yes") rows.push({ ...summary, tag_ids: [] });
        else if (match === "maybe") unsure = true;
      }
      if (rows.length) {
        if (paused) dispatch({ type: "held", rows });
        else merge(rows);
      }
      if (unsure) askServer();
    },
    onHealth(health) {
      dispatch({ type: health === "joined" ? "connected" : health === "down" ? "disconnected" : "unavailable" });
    },
    onRejoined() {
      void fillGap();
    },
  });

  const pause = useCallback(() => dispatch({ type: "pause" }), []);
  const resume = useCallback(() => {
    const { held, heldOverflow } = current.current;
    if (heldOverflow) reload();
    else merge(held);
    dispatch({ type: "resume" });
  }, [merge, reload]);
  const reachedTop = useCallback(() => dispatch({ type: "reachedTop" }), []);

  return { list, total, live, position, pause, resume, reachedTop, reload };
}
