import type { LiveState } from "@/lib/data/live/use-table-live";

/** The page's live subscription, as the devices page shows it; specs wait on data-connection. */
export function LiveIndicator({ state }: { state: LiveState }) {
  return (
    <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400" data-testid="live-state" data-connection={state}>
      {state === "live" ? "Live" : state === "down" ? "Reconnecting…" : "Connecting…"}
    </span>
  );
}
