"use client";

import { useEffect, useRef, useState } from "react";
import { MAX_SEARCH_LENGTH } from "@/lib/feed/filters";

/** Free-text search over URLs: applied 300 ms after typing stops, at once on Enter, cleared by Escape. */
export function SearchBox({
  value,
  onChange,
}: {
  value: string;
  onChange: (q: string, opts: { replace: boolean }) => void;
}) {
  const [text, setText] = useState(value);
  const [synced, setSynced] = useState(value);
  // The URL changed under us (Back, a cleared filter): show what it says.
  if (value !== synced) {
    setSynced(value);
    setText(value);
  }
  // Through a ref: the feed re-renders on every live frame, which must not restart the timer.
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => latest.current(text, { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <input
      type="search"
      value={text}
      maxLength={MAX_SEARCH_LENGTH}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") onChange(text, { replace: false });
        if (e.key === "Escape" && text) {
          e.preventDefault();
          setText("");
          onChange("", { replace: false });
        }
      }}
      placeholder="Search URLs (host, path, query)…"
      aria-label="Search captures"
      data-testid="feed-search"
      className="h-7 w-64 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700"
    />
  );
}
