import { describe, expect, it } from "vitest";
import {
  emptyPages,
  indexOfId,
  KEEP_AT_TOP,
  MAX_HEAD_PAGE,
  mergeAtTop,
  mergeRows,
  newestId,
  nextCursor,
  oldestId,
  pageStarts,
  rowAt,
  rowCount,
  toPage,
  trimmedAtTop,
  TRIM_AT_TOP,
  trimPages,
  updateRow,
  type FeedPages,
} from "./pages";
import type { FeedPage, FeedRow } from "./types";

const row = (id: number): FeedRow => ({
  id,
  ts: new Date(1_800_000_000_000 + id).toISOString(),
  device_uuid: "d",
  method: "GET",
  host: "h",
  path: `/${id}`,
  status: 200,
  source: "vpn",
  duration_ms: 1,
  response_size: 1,
  tag_ids: [],
});
const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, i) => row(from - i));
const ids = (data: FeedPages) => data.pages.flatMap((p) => p.rows.map((r) => r.id));

/** Two loaded pages: 100..91 and 90..81, more below. */
const loaded = (): FeedPages => ({
  pages: [toPage(range(100, 91), 10), toPage(range(90, 81), 10)],
  pageParams: [null, 91],
});

describe("keyset pages", () => {
  it("pages on from the oldest row until a short page", () => {
    expect(nextCursor(toPage(range(10, 1), 10))).toBe(1);
    expect(nextCursor(toPage(range(10, 5), 10))).toBeUndefined();
    expect(nextCursor(toPage([], 10))).toBeUndefined();
  });

  it("reads rows by flat index across pages", () => {
    const data = loaded();
    const starts = pageStarts(data);
    expect(starts).toEqual([0, 10]);
    expect(rowAt(data, starts, 0)?.id).toBe(100);
    expect(rowAt(data, starts, 10)?.id).toBe(90);
    expect(rowAt(data, starts, 19)?.id).toBe(81);
    expect(rowAt(data, starts, 20)).toBeUndefined();
    expect(rowCount(data)).toBe(20);
    expect([newestId(data), oldestId(data)]).toEqual([100, 81]);
    expect(indexOfId(data, 85)).toBe(15);
    expect(indexOfId(data, 200)).toBe(-1);
  });
});

describe("merging rows", () => {
  it("puts new rows on top, newest first, and reports what it added", () => {
    const { data, inserted } = mergeRows(loaded(), [row(102), row(101)]);
    expect(ids(data).slice(0, 3)).toEqual([102, 101, 100]);
    expect(inserted.map((r) => r.id)).toEqual([102, 101]);
  });

  it("ignores ids it already holds and duplicates within the batch (one entry on two workspace topics)", () => {
    const { data, inserted } = mergeRows(loaded(), [row(95), row(103), row(103)]);
    expect(inserted.map((r) => r.id)).toEqual([103]);
    expect(ids(data).filter((id) => id === 103)).toHaveLength(1);
  });

  it("places a late-committed row between loaded ones", () => {
    const base = loaded();
    base.pages[0] = toPage(
      range(100, 91).filter((r) => r.id !== 95),
      10,
    );
    const { data, inserted } = mergeRows(base, [row(95)]);
    expect(inserted).toHaveLength(1);
    expect(ids(data)).toEqual(range(100, 81).map((r) => r.id));
  });

  it("leaves rows older than the loaded window to paging, unless the feed's end is loaded", () => {
    expect(mergeRows(loaded(), [row(50)]).inserted).toHaveLength(0);
    const ended: FeedPages = { pages: [toPage(range(100, 95), 10)], pageParams: [null] };
    expect(ids(mergeRows(ended, [row(50)]).data)).toEqual([100, 99, 98, 97, 96, 95, 50]);
  });

  it("fills an empty feed", () => {
    const { data } = mergeRows(emptyPages(), [row(2), row(1)]);
    expect(ids(data)).toEqual([2, 1]);
    expect(nextCursor(data.pages[data.pages.length - 1])).toBeUndefined();
  });

  it("copies only the page it changes", () => {
    const base = loaded();
    const { data } = mergeRows(base, [row(101)]);
    expect(data.pages[1]).toBe(base.pages[1]);
    expect(base.pages[0].rows).toHaveLength(10);
  });

  it("splits a first page grown by live rows, keeping cursors that would refetch each page", () => {
    const { data } = mergeRows(loaded(), range(100 + MAX_HEAD_PAGE + 1, 101));
    expect(data.pages[0].rows.length).toBeLessThanOrEqual(MAX_HEAD_PAGE);
    expect(data.pages.length).toBe(data.pageParams.length);
    expect(data.pageParams[0]).toBeNull();
    for (let i = 1; i < data.pages.length; i++) {
      const previous = data.pages[i - 1].rows;
      expect(data.pageParams[i]).toBe(previous[previous.length - 1].id);
    }
    expect(ids(data)).toEqual(range(100 + MAX_HEAD_PAGE + 1, 81).map((r) => r.id));
    expect(nextCursor(data.pages[data.pages.length - 1])).toBe(81);
  });

  it("trims far pages back to whole pages, keeping the cursor to fetch them again", () => {
    const data: FeedPages = {
      pages: [toPage(range(100, 91), 10), toPage(range(90, 81), 10), toPage(range(80, 71), 10)],
      pageParams: [null, 91, 81],
    };
    const trimmed = trimPages(data, 15);
    expect(ids(trimmed)).toEqual(range(100, 81).map((r) => r.id));
    expect(trimmed.pageParams).toEqual([null, 91]);
    expect(nextCursor(trimmed.pages[trimmed.pages.length - 1])).toBe(81);
    expect(trimPages(data, 100)).toBe(data);
    expect(rowCount(trimPages(data, 0))).toBe(10);
  });

  it("updates one row in place", () => {
    const data = updateRow(loaded(), 85, (r) => ({ ...r, tag_ids: ["t"] }));
    expect(rowAt(data, pageStarts(data), 15)?.tag_ids).toEqual(["t"]);
    expect(updateRow(data, 5000, (r) => r)).toBe(data);
  });
});

describe("merging a frame's worth of rows", () => {
  /** A seeded generator, so a failure replays. */
  const random = (seed: number) => () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  it("gives what merging row by row would, for batches spread over pages, with gaps and duplicates", () => {
    const next = random(7);
    for (let round = 0; round < 200; round++) {
      // Loaded: ids 200..101 with holes (rows committed late), in pages of 10; more below unless `end`.
      const held = range(200, 101).filter(() => next() > 0.2);
      const pages: FeedPage[] = [];
      for (let i = 0; i < held.length; i += 10) pages.push({ rows: held.slice(i, i + 10), end: false });
      const end = next() > 0.5;
      if (end) pages[pages.length - 1] = { ...pages[pages.length - 1], end: true };
      const base: FeedPages = {
        pages,
        pageParams: pages.map((_, i) => (i === 0 ? null : pages[i - 1].rows[pages[i - 1].rows.length - 1].id)),
      };
      const batch = Array.from({ length: 1 + Math.floor(next() * 40) }, () => row(90 + Math.floor(next() * 130)));

      const floor = end ? -Infinity : held[held.length - 1].id;
      const known = new Set(held.map((r) => r.id));
      const expectedNew = [...new Set(batch.map((r) => r.id))]
        .filter((id) => !known.has(id) && id >= floor)
        .sort((a, b) => b - a);
      const { data, inserted } = mergeRows(base, batch);

      expect(inserted.map((r) => r.id)).toEqual(expectedNew);
      expect(ids(data)).toEqual([...known, ...expectedNew].sort((a, b) => b - a));
      expect(data.pages.length).toBe(data.pageParams.length);
      expect(data.pageParams).toBe(base.pageParams);
      // A page that took no row is the same object, so React and the virtualizer see no change there.
      data.pages.forEach((page, i) => {
        if (page.rows.length === base.pages[i].rows.length) expect(page).toBe(base.pages[i]);
      });
    }
  });

  it("hands back the very same data when the batch holds nothing new", () => {
    const base = loaded();
    const result = mergeRows(base, [row(95), row(100), row(10)]);
    expect(result.data).toBe(base);
    expect(result.inserted).toEqual([]);
  });

  it("keeps a list that grows at the top bounded, newest rows first, with a cursor to page on", () => {
    let data: FeedPages = { pages: [toPage(range(1000, 901), 100)], pageParams: [null] };
    let newest = 1000;
    for (let frame = 0; frame < 100; frame++) {
      const rows = range(newest + 50, newest + 1);
      newest += 50;
      const result = mergeAtTop(data, rows);
      expect(result.inserted).toHaveLength(50);
      data = result.data;
      expect(ids(data).length).toBeLessThanOrEqual(TRIM_AT_TOP);
    }
    expect(ids(data)[0]).toBe(newest);
    expect(ids(data)).toEqual(range(newest, newest - ids(data).length + 1).map((r) => r.id));
    expect(ids(data).length).toBeGreaterThanOrEqual(KEEP_AT_TOP);
    const last = data.pages[data.pages.length - 1];
    expect(nextCursor(last)).toBe(last.rows[last.rows.length - 1].id);
  });

  it("trims only past the threshold, and leaves data it does not trim as it is", () => {
    const small = loaded();
    expect(trimmedAtTop(small)).toBe(small);
    expect(mergeAtTop(small, [row(100)]).data).toBe(small);
  });
});
