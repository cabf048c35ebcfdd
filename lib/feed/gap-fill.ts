import type { FeedRow } from "./types";

/**
 * Finds the rows newer than what the list holds, from REST: after the socket reconnects
 * (Broadcast does not replay what was missed), and when a live row could only be matched by
 * the server. `entries_filtered_list` pages backwards only, so this walks newest-first until a
 * page reaches the newest known id. A gap wider than `maxPages` is not filled row by row: the
 * caller reloads the list from the top instead (and says so).
 */
export type FetchPage = (beforeId: number | null, limit: number) => Promise<FeedRow[]>;

export interface GapFill {
  rows: FeedRow[];
  /** False when the gap was wider than the pages allowed. */
  complete: boolean;
}

export async function fetchNewerThan(
  fetchPage: FetchPage,
  newestKnownId: number | null,
  { limit = 500, maxPages = 4 } = {},
): Promise<GapFill> {
  const rows: FeedRow[] = [];
  let before: number | null = null;
  for (let page = 0; page < maxPages; page++) {
    const batch = await fetchPage(before, limit);
    // An empty list has nothing to overlap with: its newest page is the whole answer.
    if (newestKnownId === null) return { rows: batch, complete: true };
    // Rows at or below the newest known id are kept as well: one that committed late (a lower
    // id arriving after a higher one) is missing from the list and mergeRows adds it.
    rows.push(...batch);
    const last = batch[batch.length - 1];
    if (batch.length < limit || last === undefined || last.id <= newestKnownId) return { rows, complete: true };
    before = last.id;
  }
  return { rows, complete: false };
}
