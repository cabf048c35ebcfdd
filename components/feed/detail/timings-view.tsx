import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { formatDuration } from "@/lib/feed/format";

type Timings = NonNullable<TrafficLogEntry["timings"]>;

const PHASES: { key: keyof Omit<Timings, "comment">; label: string; colour: string }[] = [
  { key: "blocked", label: "Blocked", colour: "bg-zinc-400" },
  { key: "dns", label: "DNS", colour: "bg-teal-500" },
  { key: "connect", label: "Connect", colour: "bg-amber-500" },
  { key: "ssl", label: "TLS", colour: "bg-violet-500" },
  { key: "send", label: "Send", colour: "bg-sky-400" },
  { key: "wait", label: "Wait (server)", colour: "bg-emerald-500" },
  { key: "receive", label: "Receive", colour: "bg-sky-700" },
];

/** HAR timings as a waterfall: where the time of this request went. -1 means "did not apply". */
export function TimingsView({ timings, durationMs }: { timings: Timings | undefined; durationMs: number | undefined }) {
  if (!timings)
    return (
      <p className="text-xs text-zinc-500">
        The capture has no timings{durationMs !== undefined ? `; it took ${formatDuration(durationMs)} in all` : ""}.
      </p>
    );
  // HAR counts ssl inside connect; draw them side by side so the bar adds up.
  const phases = PHASES.map((p) => ({
    ...p,
    ms: Math.max(
      0,
      (p.key === "connect" ? (timings.connect ?? 0) - Math.max(0, timings.ssl ?? 0) : (timings[p.key] ?? 0)) as number,
    ),
  }));
  const total = phases.reduce((sum, p) => sum + p.ms, 0) || 1;
  const starts = phases.map((_, i) => phases.slice(0, i).reduce((sum, p) => sum + p.ms, 0));
  return (
    <table className="w-full text-xs" aria-label="Timings">
      <tbody>
        {phases.map((p, i) => {
          const left = (starts[i] / total) * 100;
          return (
            <tr key={p.key}>
              <th scope="row" className="w-28 py-0.5 text-left font-normal text-zinc-600 dark:text-zinc-400">
                {p.label}
              </th>
              <td className="py-0.5">
                <div className="relative h-2.5 rounded bg-zinc-100 dark:bg-zinc-800">
                  {p.ms > 0 && (
                    <div
                      className={`absolute inset-y-0 rounded ${p.colour}`}
                      style={{ left: `${left}%`, width: `${Math.max(0.5, (p.ms / total) * 100)}%` }}
                    />
                  )}
                </div>
              </td>
              <td className="w-20 py-0.5 text-right tabular-nums">
                {(timings[p.key] ?? -1) < 0 ? "—" : formatDuration(timings[p.key] as number)}
              </td>
            </tr>
          );
        })}
        <tr>
          <th scope="row" className="pt-1 text-left font-semibold">
            Total
          </th>
          <td />
          <td className="pt-1 text-right font-semibold tabular-nums">{formatDuration(durationMs ?? total)}</td>
        </tr>
      </tbody>
    </table>
  );
}
