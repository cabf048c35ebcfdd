import { memo } from "react";
import { Button } from "@/components/ui/button";
import { formatCount } from "@/lib/feed/format";
import { liveSummary, type LiveState } from "@/lib/feed/live-state";

interface FeedStatusBarProps {
  total: number | undefined;
  totalError: boolean;
  loaded: number;
  live: LiveState;
  /** Who the live rows leave out (coverageNote), or null when they cover the whole view. */
  coverage: string | null;
  onPause: () => void;
  onResume: () => void;
}

const DOT: Record<LiveState["connection"], string> = {
  live: "bg-emerald-500",
  connecting: "bg-zinc-400 animate-pulse",
  reconnecting: "bg-amber-500 animate-pulse",
  unavailable: "bg-zinc-400",
};

/** The total that matches, how much is loaded, and the live connection with its pause toggle. */
export const FeedStatusBar = memo(function FeedStatusBar({
  total,
  totalError,
  loaded,
  live,
  coverage,
  onPause,
  onResume,
}: FeedStatusBarProps) {
  const summary = liveSummary(live);
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-zinc-200 px-3 py-1.5 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <span data-testid="feed-total" aria-live="polite">
        {total === undefined
          ? totalError
            ? "Total unavailable"
            : "Counting…"
          : `${formatCount(total)} ${total === 1 ? "capture" : "captures"}`}
      </span>
      {total !== undefined && loaded < total && <span>{formatCount(loaded)} loaded</span>}
      <span className="ml-auto flex items-center gap-1.5" data-testid="live-state" data-connection={live.connection}>
        <span aria-hidden className={`size-2 rounded-full ${live.paused ? "bg-zinc-400" : DOT[live.connection]}`} />
        <span role="status">{summary}</span>
        {live.connection === "unavailable" ? (
          <span className="text-zinc-500"> — reload to see new captures.</span>
        ) : (
          coverage && (
            <span className="text-zinc-500" data-testid="live-coverage">
              {" "}
              — {coverage}
            </span>
          )
        )}
      </span>
      {live.connection !== "unavailable" &&
        (live.paused ? (
          <Button size="sm" variant="primary" onClick={onResume} aria-keyshortcuts="p">
            Resume
          </Button>
        ) : (
          <Button size="sm" onClick={onPause} aria-keyshortcuts="p">
            Pause
          </Button>
        ))}
    </div>
  );
});
