"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import {
  DEFAULT_PANE_WIDTH,
  MIN_PANE_WIDTH,
  PANE_WIDTH_KEY,
  clampPaneWidth,
  paneWidthForKey,
  parseStoredWidth,
} from "@/lib/feed/split";

/** The detail pane's width, remembered in localStorage (read once hydrated: the server has none). */
export function usePaneWidth() {
  const [width, setWidth] = useState(DEFAULT_PANE_WIDTH);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only in the browser, after hydration
    setWidth(parseStoredWidth(window.localStorage.getItem(PANE_WIDTH_KEY)));
  }, []);
  const remember = useCallback((next: number) => {
    setWidth(next);
    window.localStorage.setItem(PANE_WIDTH_KEY, String(next));
  }, []);
  return [width, remember] as const;
}

/**
 * The divider between the list and the detail pane (wide screens only): drag it, or focus it
 * and use the arrow keys (Shift for bigger steps, Home / End for the ends), as the ARIA window
 * splitter pattern describes.
 */
export function SplitDivider({
  container,
  width,
  onResize,
}: {
  container: RefObject<HTMLElement | null>;
  width: number;
  onResize: (width: number) => void;
}) {
  const dragging = useRef(false);
  const [containerWidth, setContainerWidth] = useState(0);
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setContainerWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [container]);
  const shown = containerWidth ? clampPaneWidth(width, containerWidth) : width;
  const fromPointer = (clientX: number) => {
    const box = container.current?.getBoundingClientRect();
    if (box) onResize(clampPaneWidth(box.right - clientX, box.width));
  };
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the detail pane"
      aria-controls="feed-detail-pane"
      aria-valuenow={shown}
      aria-valuemin={MIN_PANE_WIDTH}
      aria-valuemax={containerWidth ? clampPaneWidth(Infinity, containerWidth) : undefined}
      aria-valuetext={`Detail pane ${shown} pixels wide`}
      tabIndex={0}
      data-testid="split-divider"
      onKeyDown={(e) => {
        const next = paneWidthForKey(e.key, e.shiftKey, shown, containerWidth || shown + 400);
        if (next === null) return;
        e.preventDefault();
        onResize(next);
      }}
      onPointerDown={(e) => {
        dragging.current = true;
        e.currentTarget.setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => dragging.current && fromPointer(e.clientX)}
      onPointerUp={(e) => {
        dragging.current = false;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      className="w-1.5 shrink-0 cursor-col-resize touch-none bg-zinc-200 hover:bg-sky-300 focus-visible:bg-sky-500 focus-visible:outline-none max-lg:hidden dark:bg-zinc-800 dark:hover:bg-sky-800"
    />
  );
}
