import type { FeedCursor, FeedPage, FeedRow } from "./types";

/**
 * The loaded part of the feed: keyset pages, newest first (ids strictly descending across
 * pages), in the shape TanStack Query's infinite queries keep. The virtual list reads rows by
 * index through page offsets, so a live insert copies one small page, never the whole list.
 */
export interface FeedPages {
  pages: FeedPage[];
  pageParams: FeedCursor[];
}

/** Rows per request: a small first page paints fast; later pages amortise the round trip. */
export const FIRST_PAGE_SIZE = 100;
export const NEXT_PAGE_SIZE = 500;
/** Live rows gather in the first page; past this it is split so inserts stay cheap. */
export const MAX_HEAD_PAGE = 1000;

export const pageSizeFor = (cursor: FeedCursor) => (cursor === null ? FIRST_PAGE_SIZE : NEXT_PAGE_SIZE);

export function toPage(rows: FeedRow[], requested: number): FeedPage {
  return { rows, end: rows.length < requested };
}

/** The before_id of the next (older) page, or undefined when the oldest page is loaded. */
export function nextCursor(lastPage: FeedPage): number | undefined {
  if (lastPage.end || lastPage.rows.length === 0) return undefined;
  return lastPage.rows[lastPage.rows.length - 1].id;
}

export function emptyPages(): FeedPages {
  return { pages: [{ rows: [], end: true }], pageParams: [null] };
}

export function rowCount(data: FeedPages | undefined): number {
  if (!data) return 0;
  let n = 0;
  for (const page of data.pages) n += page.rows.length;
  return n;
}

/** Cumulative start index of each page; `starts[i]` is the index of `pages[i].rows[0]`. */
export function pageStarts(data: FeedPages): number[] {
  const starts: number[] = [];
  let n = 0;
  for (const page of data.pages) {
    starts.push(n);
    n += page.rows.length;
  }
  return starts;
}

export function rowAt(data: FeedPages, starts: number[], index: number): FeedRow | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= index) lo = mid;
    else hi = mid - 1;
  }
  return data.pages[lo]?.rows[index - starts[lo]];
}

export const newestId = (data: FeedPages | undefined): number | null =>
  data?.pages.find((p) => p.rows.length)?.rows[0].id ?? null;

export function oldestId(data: FeedPages): number | null {
  for (let i = data.pages.length - 1; i >= 0; i--) {
    const rows = data.pages[i].rows;
    if (rows.length) return rows[rows.length - 1].id;
  }
  return null;
}

/** Index of the first row with id <= `id` in rows sorted by id descending. */
function lowerBound(rows: FeedRow[], id: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rows[mid].id > id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The flat index of the row with this id, or -1. */
export function indexOfId(data: FeedPages, id: number): number {
  let start = 0;
  for (const page of data.pages) {
    const rows = page.rows;
    if (rows.length && rows[rows.length - 1].id <= id && rows[0].id >= id) {
      const at = lowerBound(rows, id);
      return rows[at]?.id === id ? start + at : -1;
    }
    start += rows.length;
  }
  return -1;
}

export interface MergeResult {
  data: FeedPages;
  /** The rows actually added (already-known ids and rows older than the loaded window are left out). */
  inserted: FeedRow[];
}

/**
 * Merges rows (live, or found by a gap fill) into the loaded pages, in id order, without
 * duplicates. A row older than the oldest loaded one is left for keyset paging to bring,
 * unless the oldest page is the end of the feed. Pages are copied only where they change, and
 * each changed page once for the whole batch (a sorted merge), so a frame's worth of live rows
 * costs one pass over the first page, not one per row.
 */
export function mergeRows(data: FeedPages, incoming: readonly FeedRow[]): MergeResult {
  if (incoming.length === 0) return { data, inserted: [] };
  const sorted = incoming.length === 1 ? incoming : [...incoming].sort((a, b) => b.id - a.id);
  const pages = data.pages;
  const lastPage = pages[pages.length - 1];
  const floor = lastPage.end ? -Infinity : (oldestId(data) ?? -Infinity);
  // Incoming rows by the page that takes them; rows and pages both go newest first, so the
  // target page only moves forward.
  const byPage = new Map<number, FeedRow[]>();
  let scan = 0;
  let previousId = Number.NaN;
  for (const row of sorted) {
    if (row.id === previousId || row.id < floor) continue;
    previousId = row.id;
    // The page whose id range holds the row: the first page whose oldest row is below it.
    while (
      scan < pages.length &&
      !(pages[scan].rows.length > 0 && pages[scan].rows[pages[scan].rows.length - 1].id < row.id)
    )
      scan++;
    let target = scan === pages.length ? pages.length - 1 : scan;
    // A row between two pages belongs to the newer one's tail, or the older one's head: either
    // keeps the order; prefer the newer page so the first page takes all new rows.
    if (target > 0 && pages[target].rows.length > 0 && pages[target].rows[0].id < row.id) target -= 1;
    const rows = byPage.get(target);
    if (rows) rows.push(row);
    else byPage.set(target, [row]);
  }
  if (byPage.size === 0) return { data, inserted: [] };
  const next = [...pages];
  const inserted: FeedRow[] = [];
  for (const [index, rows] of byPage) {
    const merged = mergeDescending(pages[index].rows, rows, inserted);
    if (merged !== pages[index].rows) next[index] = { ...pages[index], rows: merged };
  }
  // Pages were visited in order, each merged newest first: `inserted` is newest first too.
  if (inserted.length === 0) return { data, inserted };
  return { data: splitHead({ pages: next, pageParams: data.pageParams }), inserted };
}

/** Both lists newest first; rows whose id `existing` holds are skipped; what is added goes to `added`. */
function mergeDescending(existing: FeedRow[], incoming: FeedRow[], added: FeedRow[]): FeedRow[] {
  const before = added.length;
  // The usual live case: everything is newer than the page.
  if (existing.length === 0 || incoming[incoming.length - 1].id > existing[0].id) {
    added.push(...incoming);
    return existing.length === 0 ? incoming : incoming.concat(existing);
  }
  const out: FeedRow[] = new Array(existing.length + incoming.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < existing.length || j < incoming.length) {
    if (j === incoming.length || (i < existing.length && existing[i].id > incoming[j].id)) out[n++] = existing[i++];
    else if (i < existing.length && existing[i].id === incoming[j].id) j++;
    else {
      added.push(incoming[j]);
      out[n++] = incoming[j++];
    }
  }
  if (added.length === before) return existing;
  out.length = n;
  return out;
}

/**
 * Keeps the first page small. The split pages get the cursor that would fetch them
 * (the last id of the page before), so the data stays a valid infinite query.
 */
function splitHead(data: FeedPages): FeedPages {
  const head = data.pages[0];
  if (head.rows.length <= MAX_HEAD_PAGE) return data;
  const chunks: FeedPage[] = [];
  for (let i = 0; i < head.rows.length; i += NEXT_PAGE_SIZE) {
    const rows = head.rows.slice(i, i + NEXT_PAGE_SIZE);
    chunks.push({ rows, end: head.end && i + NEXT_PAGE_SIZE >= head.rows.length });
  }
  const pages = [...chunks, ...data.pages.slice(1)];
  const pageParams: FeedCursor[] = pages.map((_, i) =>
    i === 0 ? null : pages[i - 1].rows[pages[i - 1].rows.length - 1].id,
  );
  return { pages, pageParams };
}

/**
 * Drops the older pages beyond `keepRows` (whole pages; the first always stays). Used when the
 * reader is back at the top: what lies far below is refetched by keyset paging if they scroll
 * down again, and a short list keeps live inserts and memory cheap.
 */
export function trimPages(data: FeedPages, keepRows: number): FeedPages {
  let rows = 0;
  let keep = 0;
  while (keep < data.pages.length && (keep === 0 || rows < keepRows)) rows += data.pages[keep++].rows.length;
  if (keep === data.pages.length) return data;
  return { pages: data.pages.slice(0, keep), pageParams: data.pageParams.slice(0, keep) };
}

/** At the top with more than this loaded (back there, or live rows piling up), the list is trimmed to KEEP_AT_TOP rows. */
export const TRIM_AT_TOP = 3000;
export const KEEP_AT_TOP = 1000;

/** The list as a reader at the top needs it: past TRIM_AT_TOP rows, only the newest KEEP_AT_TOP (whole pages). */
export const trimmedAtTop = (data: FeedPages): FeedPages =>
  rowCount(data) > TRIM_AT_TOP ? trimPages(data, KEEP_AT_TOP) : data;

/**
 * Live rows for a reader at the top: merged, and the list trimmed in the same step, so what
 * each live frame costs downstream (the virtualizer's item positions, the row keys, one pass
 * per page here) stays bounded by TRIM_AT_TOP however long the feed runs.
 */
export function mergeAtTop(data: FeedPages, incoming: readonly FeedRow[]): MergeResult {
  const result = mergeRows(data, incoming);
  return result.inserted.length ? { data: trimmedAtTop(result.data), inserted: result.inserted } : result;
}

/** Applies a change to one row wherever it is (tags added or removed). */
export function updateRow(data: FeedPages, id: number, update: (row: FeedRow) => FeedRow): FeedPages {
  const pageIndex = data.pages.findIndex(
    (page) => page.rows.length > 0 && page.rows[page.rows.length - 1].id <= id && page.rows[0].id >= id,
  );
  if (pageIndex === -1) return data;
  const at = lowerBound(data.pages[pageIndex].rows, id);
  if (data.pages[pageIndex].rows[at]?.id !== id) return data;
  const rows = [...data.pages[pageIndex].rows];
  rows[at] = update(rows[at]);
  const pages = [...data.pages];
  pages[pageIndex] = { ...pages[pageIndex], rows };
  return { ...data, pages };
}
