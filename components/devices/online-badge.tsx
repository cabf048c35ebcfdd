import { isOnline, type DeviceStatus } from "@/lib/data/devices";
import { formatAgo } from "@/lib/feed/format";

/** Online while the last heartbeat is under 90 s old; the label says when it was. */
export function OnlineBadge({ status, now }: { status: DeviceStatus | null; now: number | null }) {
  // Until hydrated there is no "now" the server and the browser agree on.
  if (now === null)
    return (
      <span className="inline-flex text-xs text-zinc-500" data-testid="online-state">
        …
      </span>
    );
  const online = isOnline(status, now);
  return (
    <span className="inline-flex items-center gap-1.5 text-xs" data-testid="online-state" data-online={online}>
      <span aria-hidden className={`size-2 rounded-full ${online ? "bg-emerald-500" : "bg-zinc-400"}`} />
      <span
        className={online ? "font-medium text-emerald-800 dark:text-emerald-300" : "text-zinc-600 dark:text-zinc-400"}
      >
        {online ? "Online" : "Offline"}
      </span>
      <span className="text-zinc-500">· {status ? formatAgo(status.last_heartbeat_at, now) : "no heartbeat yet"}</span>
    </span>
  );
}
