"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { ToggleChip } from "@/components/ui/toggle-chip";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import {
  bucketTimes,
  statsHistoryOptions,
  statsOptions,
  type HistoryBy,
  type HistoryWindow,
  type StatsHistory,
} from "@/lib/data/monitoring";
import { useSnapshotLive } from "@/lib/data/monitoring/use-monitoring-live";
import { STATUS_COLORS, seriesColor } from "./palette";
import { Mix, Tile } from "./tiles";
import { TimeChart, type ChartSeries } from "./time-chart";

const WINDOWS: { key: HistoryWindow; label: string }[] = [
  { key: "1h", label: "Last hour" },
  { key: "24h", label: "Last day" },
  { key: "7d", label: "Last week" },
];
const STATUS_LABEL: Record<string, string> = { "1": "1xx", "2": "2xx", "3": "3xx", "4": "4xx", "5": "5xx" };

function chartSeries(history: StatsHistory | undefined, by: HistoryBy): { times: number[]; series: ChartSeries[] } {
  if (!history) return { times: [], series: [] };
  const points = history.series[0]?.counts.length ?? 0;
  const times = points ? bucketTimes(history, points) : [];
  return {
    times,
    series: history.series.map((s, i) => ({
      label: s.label,
      values: s.counts,
      color: by === "status_class" ? (STATUS_COLORS[s.key] ?? seriesColor(i)) : seriesColor(i),
    })),
  };
}

function HistoryChart({ window, by, title }: { window: HistoryWindow; by: HistoryBy; title: string }) {
  const call = useOperations();
  const history = useQuery(statsHistoryOptions(call, window, by));
  const { times, series } = useMemo(() => chartSeries(history.data, by), [history.data, by]);
  if (history.isPending) return <Spinner label={`Loading ${title.toLowerCase()}…`} />;
  if (history.isError)
    return (
      <StateMessage tone="error" title={`${title} could not be loaded`}>
        {history.error.message}
      </StateMessage>
    );
  if (series.length === 0)
    return (
      <figure data-testid={`chart-${title}`} data-total={0}>
        <figcaption className="mb-1 text-sm font-medium">{title}</figcaption>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          No captures in this window yet. The chart fills in within a minute of new captures.
        </p>
      </figure>
    );
  return <TimeChart title={title} times={times} series={series} kind="bars" yLabel="captures" />;
}

/** The fleet-stats snapshot (seed shape) with captures over time; live from service_stats. */
export function StatsView() {
  const call = useOperations();
  const supabase = useSupabase();
  const stats = useQuery(statsOptions(call));
  const live = useSnapshotLive(supabase, "service_stats");
  const [window, setWindow] = useState<HistoryWindow>("1h");
  const s = stats.data;
  return (
    <div
      {...scrollRegion("Stats")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Stats</h1>
        {s && (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            as of {new Date(s.generated_at).toLocaleTimeString()}
          </span>
        )}
        <span
          className="ml-auto text-xs text-zinc-600 dark:text-zinc-400"
          data-testid="stats-live"
          data-connection={live.state}
        >
          {live.state === "live"
            ? "Live · refreshed every 60 s"
            : live.state === "down"
              ? "Reconnecting…"
              : "Connecting…"}
        </span>
      </div>
      {stats.isPending && <Spinner label="Loading stats…" />}
      {stats.isError && (
        <StateMessage tone="error" title="The stats could not be loaded">
          {stats.error.message}
        </StateMessage>
      )}
      {s && (
        <div className="space-y-4">
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            <Tile label="Devices" value={s.total_devices.toLocaleString("en")} />
            <Tile label="Online" value={s.online_devices.toLocaleString("en")} />
            <Tile label="Captures (all)" value={s.total_entries.toLocaleString("en")} />
            <Tile label="Last hour" value={s.entries_1h.toLocaleString("en")} />
            <Tile label="Last 24 h" value={s.entries_24h.toLocaleString("en")} />
            <Tile label="Requests/s" value={s.requests_per_sec.toFixed(2)} />
          </div>
          <section
            aria-label="Captures over time"
            className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
          >
            <div className="mb-2 flex flex-wrap items-center gap-2" role="group" aria-label="Window">
              {WINDOWS.map((w) => (
                <ToggleChip key={w.key} pressed={window === w.key} onToggle={() => setWindow(w.key)}>
                  {w.label}
                </ToggleChip>
              ))}
            </div>
            <div className="grid gap-4 lg:grid-cols-2">
              <HistoryChart window={window} by="status_class" title="Captures by status class" />
              <HistoryChart window={window} by="device" title="Captures by device" />
            </div>
          </section>
          <div className="grid gap-3 md:grid-cols-3">
            <Mix title="Status classes (24 h)" mix={s.status_class_mix} label={(k) => STATUS_LABEL[k] ?? k} />
            <Mix title="Sources (24 h)" mix={s.source_mix} />
            <Mix title="Devices by connection" mix={s.connection_type_mix} />
          </div>
          <div className="grid gap-3 md:grid-cols-2">
            <section className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-label="Top domains">
              <h2 className="mb-2 text-sm font-medium">Top domains (24 h)</h2>
              {s.top_domains.length === 0 ? (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">No captures in the last 24 h.</p>
              ) : (
                <ol className="space-y-1 text-sm">
                  {s.top_domains.map((d) => (
                    <li key={d.host} className="flex gap-2">
                      <Link
                        className="truncate text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                        href={`/feed?hosts=${encodeURIComponent(d.host)}`}
                      >
                        {d.host}
                      </Link>
                      <span className="ml-auto tabular-nums">{d.count.toLocaleString("en")}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
            <section className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" aria-label="Top devices">
              <h2 className="mb-2 text-sm font-medium">Top devices (24 h)</h2>
              {s.top_devices.length === 0 ? (
                <p className="text-sm text-zinc-600 dark:text-zinc-400">No captures in the last 24 h.</p>
              ) : (
                <ol className="space-y-1 text-sm">
                  {s.top_devices.map((d) => (
                    <li key={d.device_uuid} className="flex gap-2">
                      <Link
                        className="truncate text-sky-800 underline-offset-2 hover:underline dark:text-sky-300"
                        href={`/feed?devices=${encodeURIComponent(d.device_uuid)}`}
                      >
                        {d.name}
                      </Link>
                      <span className="ml-auto tabular-nums">{d.count.toLocaleString("en")}</span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          </div>
        </div>
      )}
    </div>
  );
}
