"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { historyOptions, resolutionLabel } from "@/lib/data/breakpoints";

/** Resumed, aborted and timed-out holds, newest first, a keyset page at a time. */
export function BreakpointHistory({ deviceName }: { deviceName: (uuid: string) => string }) {
  const call = useOperations();
  const history = useInfiniteQuery(historyOptions(call));
  const items = history.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" className="mb-2 text-base font-semibold">
        History
      </h2>
      {history.isPending && <Spinner label="Loading history…" />}
      {history.isError && (
        <StateMessage
          tone="error"
          title="The history could not be loaded"
          action={<Button onClick={() => void history.refetch()}>Try again</Button>}
        >
          {history.error.message}
        </StateMessage>
      )}
      {history.data && items.length === 0 && (
        <StateMessage title="No resumed holds yet">
          <p>Every held request you or a timeout release is listed here.</p>
        </StateMessage>
      )}
      {items.length > 0 && (
        <table className="w-full text-left text-sm" data-testid="breakpoint-history">
          <caption className="sr-only">Breakpoint history</caption>
          <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              {["Held", "Device", "Phase", "Request", "Outcome", "Resumed"].map((label) => (
                <th key={label} scope="col" className="px-2 py-2 font-medium">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {items.map((event) => (
              <tr key={event.id} className="border-b border-zinc-100 dark:border-zinc-900">
                <td className="px-2 py-1.5 whitespace-nowrap">
                  <LocalTime iso={event.held_at} withDate />
                </td>
                <td className="px-2 py-1.5">{deviceName(event.device_uuid)}</td>
                <td className="px-2 py-1.5">{event.phase}</td>
                <td className="max-w-md truncate px-2 py-1.5 font-mono text-xs" title={event.url ?? ""}>
                  {event.method} {event.url}
                  {event.status !== null ? ` → ${event.status}` : ""}
                </td>
                <td className="px-2 py-1.5">{resolutionLabel(event)}</td>
                <td className="px-2 py-1.5 whitespace-nowrap">
                  {event.resumed_at ? <LocalTime iso={event.resumed_at} withDate /> : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {history.hasNextPage && (
        <Button className="mt-2" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? "Loading…" : "Load older"}
        </Button>
      )}
    </section>
  );
}
