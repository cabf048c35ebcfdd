"use client";

import { useHydrated } from "@/lib/browser/use-hydrated";
import { formatClock, formatDateTime } from "@/lib/feed/format";

/** A capture time in the reader's own time zone, rendered once hydrated (see useHydrated). */
export function LocalTime({ iso, withDate = false }: { iso: string; withDate?: boolean }) {
  const hydrated = useHydrated();
  return <time dateTime={iso}>{hydrated ? (withDate ? formatDateTime(iso) : formatClock(iso)) : ""}</time>;
}
