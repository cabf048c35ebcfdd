"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from "react";
import type { Tag } from "@/lib/data/tags";
import { indexOfId, pageStarts, rowAt, rowCount, type FeedPages } from "@/lib/feed/pages";
import type { ClickModifiers } from "@/lib/feed/selection";
import type { ReadingPosition } from "@/lib/feed/use-feed";
import { useHydrated } from "@/lib/browser/use-hydrated";
import { onDifferentDays } from "@/lib/feed/format";
import { COLUMN_LABELS, gridColumns, HIDDEN_WHEN_NARROW, NARROW_HIDDEN, ROW_HEIGHT } from "./columns";
import { FeedRow, rowDomId } from "./feed-row";
import { NewRowsPill } from "./new-rows-pill";

interface FeedListProps {
  data: FeedPages;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  selectedId: number | null;
  marked: ReadonlySet<number>;
  onSelect: (id: number, modifiers?: ClickModifiers) => void;
  /** Written on every scroll, read when live rows arrive: which row the reader is on. */
  position: RefObject<ReadingPosition>;
  onReachedTop: () => void;
  unseen: number;
  deviceNames: Map<string, string>;
  tags: Map<string, Tag>;
}

const rowHeight = () => ROW_HEIGHT;

/** Older pages are requested this many rows before the reader reaches the end of what is loaded. */
const PREFETCH_ROWS = 60;

/**
 * The virtualised capture list, newest first, fixed-height rows; only the rows in view exist
 * in the DOM. While the reader is at the top, live rows appear above and push the list down;
 * once they scroll away, new rows wait (the controller holds them and the pill counts them).
 * Should the list still change above the reader (a late row placed by a gap fill), the
 * virtualizer anchors to the row they are reading (`anchorTo: "end"` re-finds it by key).
 */
export function FeedList({
  data,
  hasMore,
  loadingMore,
  loadMore,
  selectedId,
  marked,
  onSelect,
  position,
  onReachedTop,
  unseen,
  deviceNames,
  tags,
}: FeedListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [atTop, setAtTop] = useState(true);
  const starts = useMemo(() => pageStarts(data), [data]);
  const count = rowCount(data);
  // Keys by index in one flat array: the virtualizer asks for every item's key whenever the
  // count changes. Stable between data changes, since a new key function makes it rebuild its
  // item positions, which on 100,000 rows would cost every scroll frame.
  const keys = useMemo(() => {
    const out: number[] = [];
    for (const page of data.pages) for (const row of page.rows) out.push(row.id);
    return out;
  }, [data]);
  const getItemKey = useCallback((index: number) => keys[index] ?? "end", [keys]);
  const getScrollElement = useCallback(() => scroller.current, []);

  // React Compiler is not in use here; the virtualizer re-renders this component itself.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: count + 1, // the last row says "loading older…" or "the beginning"
    getScrollElement,
    estimateSize: rowHeight,
    overscan: 10,
    getItemKey,
    anchorTo: atTop ? "start" : "end",
    onChange: (instance) => {
      const offset = instance.scrollOffset ?? 0;
      const top = offset < ROW_HEIGHT / 2;
      position.current = {
        firstVisibleId: rowAt(data, starts, Math.floor(offset / ROW_HEIGHT))?.id ?? null,
        atTop: top,
      };
      setAtTop(top);
      if (top) onReachedTop();
    },
  });

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : 0;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= count - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, count, loadMore]);

  const selectedIndex = selectedId === null ? -1 : indexOfId(data, selectedId);
  // Days are the reader's, so this is decided once hydrated (the server's time zone is not theirs).
  const hydrated = useHydrated();
  const newest = rowAt(data, starts, 0);
  const oldest = rowAt(data, starts, count - 1);
  const dated = hydrated && newest !== undefined && oldest !== undefined && onDifferentDays(newest.ts, oldest.ts);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const from = selectedIndex === -1 ? Math.floor((virtualizer.scrollOffset ?? 0) / ROW_HEIGHT) - 1 : selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: count - 1,
    };
    if (!(event.key in moves) || count === 0) return;
    event.preventDefault();
    const target = Math.min(count - 1, Math.max(0, moves[event.key]));
    const row = rowAt(data, starts, target);
    if (!row) return;
    onSelect(row.id);
    virtualizer.scrollToIndex(target, { align: "auto" });
  };

  return (
    <div className="@container relative flex min-h-0 min-w-0 flex-1 flex-col overflow-hidden">
      <div
        role="presentation"
        className={`grid ${gridColumns(dated)} gap-2 border-b border-zinc-200 bg-zinc-50 px-3 py-1.5 text-[11px] font-semibold tracking-wide text-zinc-600 uppercase dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400`}
      >
        {COLUMN_LABELS.map((label) => (
          <span
            key={label}
            className={`${label === "Duration" || label === "Size" ? "text-right" : ""} ${NARROW_HIDDEN.has(label) ? HIDDEN_WHEN_NARROW : ""}`}
          >
            {label}
          </span>
        ))}
      </div>
      <NewRowsPill count={atTop ? 0 : unseen} onClick={() => virtualizer.scrollToOffset(0)} />
      <div
        ref={scroller}
        role="listbox"
        aria-multiselectable
        tabIndex={0}
        aria-label="Captures, newest first"
        aria-activedescendant={selectedId !== null && selectedIndex !== -1 ? rowDomId(selectedId) : undefined}
        onKeyDown={onKeyDown}
        data-testid="feed-list"
        className="min-h-0 flex-1 overflow-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600"
        style={{ overflowAnchor: "none", contain: "strict" }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const row = rowAt(data, starts, item.index);
            if (!row) {
              return (
                <div
                  key={item.key}
                  role="presentation"
                  style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  className="absolute inset-x-0 top-0 flex items-center justify-center text-xs text-zinc-600 dark:text-zinc-400"
                >
                  {hasMore ? "Loading older captures…" : count > 0 ? "The beginning of the captures that match." : ""}
                </div>
              );
            }
            // Keyed by position, not by entry: when live rows land at the top, each row element
            // stays where it is and takes the entry now at its index (a few text updates),
            // instead of every row in view being unmounted and a new one built per new entry.
            return (
              <FeedRow
                key={item.index}
                row={row}
                index={item.index}
                setSize={hasMore ? -1 : count}
                top={item.start}
                selected={row.id === selectedId}
                marked={marked.has(row.id)}
                deviceName={deviceNames.get(row.device_uuid) ?? row.device_uuid.slice(0, 8)}
                tags={tags}
                dated={dated}
                onSelect={onSelect}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
