"use client";

import { useHydrated } from "@/lib/browser/use-hydrated";
import { formatClock, formatDateTime, formatDayClock } from "@/lib/feed/format";

/**
 * A capture time in the reader's own time zone, rendered once hydrated (see useHydrated).
 * `withDate` gives the full date, `"short"` the month and day only (the feed's time column).
 */
export function LocalTime({ iso, withDate = false }: { iso: string; withDate?: boolean | "short" }) {
  const hydrated = useHydrated();
  const text = withDate === "short" ? formatDayClock(iso) : withDate ? formatDateTime(iso) : formatClock(iso);
  return (
    <time dateTime={iso} title={hydrated && withDate === "short" ? formatDateTime(iso) : undefined}>
      {hydrated ? text : ""}
    </time>
  );
}
