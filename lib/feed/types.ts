/**
 * One row of the feed: the `entry_summary` that `entries_filtered_list` returns and the live
 * broadcast carries (no bodies: a payload is fetched only when an entry is opened), plus the
 * ids of its tags.
 */
export interface EntrySummary {
  id: number;
  ts: string;
  device_uuid: string;
  method: string;
  host: string | null;
  path: string;
  /** Null when the capture has no response (a transport error). */
  status: number | null;
  source: string;
  duration_ms: number | null;
  response_size: number | null;
}

export interface FeedRow extends EntrySummary {
  tag_ids: string[];
}

/** One keyset page as fetched; `end` is true when it was the last page there is. */
export interface FeedPage {
  rows: FeedRow[];
  end: boolean;
}

/** The before_id that fetched a page; null for the newest page. */
export type FeedCursor = number | null;
