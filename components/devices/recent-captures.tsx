"use client";

import { useQuery } from "@tanstack/react-query";
import type { Route } from "next";
import Link from "next/link";
import { Spinner } from "@/components/ui/spinner";
import { useOperations } from "@/lib/browser/providers";
import { fetchFeedRows } from "@/lib/data/entries";
import { EMPTY_FILTERS, feedHref } from "@/lib/feed/filters";
import { LocalTime } from "@/components/ui/local-time";
import { formatDuration } from "@/lib/feed/format";
import { statusLabel, statusTone } from "@/lib/feed/status";

const RECENT = 50;

/** The device's latest captures: the feed filtered to it, each row opening in the feed. */
export function RecentCaptures({ deviceUuid }: { deviceUuid: string }) {
  const call = useOperations();
  const filters = { ...EMPTY_FILTERS, devices: [deviceUuid] };
  const recent = useQuery({
    queryKey: ["device-recent", deviceUuid],
    queryFn: () => fetchFeedRows(call, filters, null, RECENT),
    staleTime: 10_000,
  });
  return (
    <section aria-labelledby="recent-heading" className="space-y-2">
      <div className="flex items-baseline gap-3">
        <h2 id="recent-heading" className="text-sm font-semibold">
          Recent captures
        </h2>
        <Link
          href={feedHref(filters) as Route}
          className="text-xs font-medium text-sky-700 hover:underline dark:text-sky-400"
        >
          Open in the feed
        </Link>
      </div>
      {recent.isPending && <Spinner label="Loading captures…" />}
      {recent.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {recent.error.message}
        </p>
      )}
      {recent.data?.length === 0 && <p className="text-sm text-zinc-500">This device has not captured anything yet.</p>}
      {recent.data && recent.data.length > 0 && (
        <table className="w-full text-left text-xs">
          <tbody>
            {recent.data.map((row) => (
              <tr key={row.id} className="border-b border-zinc-100 dark:border-zinc-800/70">
                <td className="w-28 py-1 font-mono text-zinc-500">
                  <LocalTime iso={row.ts} />
                </td>
                <td className="w-16 font-mono font-semibold">{row.method}</td>
                <td className={`w-14 font-mono font-semibold ${statusTone(row.status)}`}>{statusLabel(row.status)}</td>
                <td className="max-w-0 truncate">
                  <Link href={feedHref(filters, row.id) as Route} className="hover:underline">
                    {row.host}
                    <span className="font-mono text-zinc-600 dark:text-zinc-400">{row.path}</span>
                  </Link>
                </td>
                <td className="w-20 text-right tabular-nums">{formatDuration(row.duration_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
