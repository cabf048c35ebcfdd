"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { useNow } from "@/lib/browser/use-now";
import { isStale, statusHistoryOptions, statusOptions, type StatusHistory } from "@/lib/data/monitoring";
import { useSnapshotLive } from "@/lib/data/monitoring/use-monitoring-live";
import { Sparkline } from "./time-chart";
import { Tile } from "./tiles";

const OVERALL_STYLE: Record<string, string> = {
  ok: "bg-green-50 text-green-900 border-green-300 dark:bg-green-950 dark:text-green-100 dark:border-green-800",
  degraded: "bg-amber-50 text-amber-900 border-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:border-amber-800",
  down: "bg-red-50 text-red-900 border-red-300 dark:bg-red-950 dark:text-red-100 dark:border-red-800",
};

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const secondsOf = (history: StatusHistory | undefined) => (history?.at ?? []).map((ms) => ms / 1000);

/** Infrastructure health, live every ~10 s from service_status, with the last hour drawn. */
export function StatusView() {
  const call = useOperations();
  const supabase = useSupabase();
  const status = useQuery(statusOptions(call));
  const history = useQuery(statusHistoryOptions(call));
  const live = useSnapshotLive(supabase, "service_status");
  const now = useNow();
  const times = useMemo(() => secondsOf(history.data), [history.data]);
  const lastSample = history.data?.at.at(-1);
  const updatedAt = Math.max(live.updatedAt ?? 0, lastSample ?? 0) || undefined;
  const stale = status.data !== undefined && now !== null && isStale(updatedAt, now);
  const s = status.data;
  const h = history.data;
  return (
    <div
      {...scrollRegion("Status")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">Status</h1>
        {updatedAt && now !== null && (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">
            probed {Math.max(0, Math.round((now - updatedAt) / 1000))} s ago
          </span>
        )}
        <span
          className="ml-auto text-xs text-zinc-600 dark:text-zinc-400"
          data-testid="status-live"
          data-connection={live.state}
        >
          {live.state === "live" ? "Live · every ~10 s" : live.state === "down" ? "Reconnecting…" : "Connecting…"}
        </span>
      </div>
      {status.isPending && <Spinner label="Loading status…" />}
      {status.isError && (
        <StateMessage tone="error" title="The status could not be loaded">
          {status.error.message}
        </StateMessage>
      )}
      {s && (
        <div className="space-y-4">
          <div
            className={`rounded-lg border p-3 ${OVERALL_STYLE[s.overall]}`}
            data-testid="overall"
            data-overall={s.overall}
          >
            <strong className="text-base">
              {s.overall === "ok"
                ? "All systems up"
                : s.overall === "degraded"
                  ? "Degraded: some components are down"
                  : "Down"}
            </strong>
            {stale && (
              <p role="alert" data-testid="stale" className="mt-1 text-sm">
                Stale: the last snapshot is more than 30 s old — the status probe is down or wedged, so what is shown
                may be out of date.
              </p>
            )}
          </div>
          {s.host && (
            <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
              <Tile label="CPU" value={`${Math.round(s.host.cpu * 100)} %`}>
                <Sparkline label="CPU" times={times} values={h?.cpu ?? []} />
              </Tile>
              <Tile label="Load" value={s.host.load.map((l) => l.toFixed(2)).join(" · ")}>
                <Sparkline label="Load" times={times} values={h?.load1 ?? []} color="#7e22ce" />
              </Tile>
              <Tile
                label="Memory"
                value={`${Math.round(s.host.mem.usedMb).toLocaleString("en")} / ${Math.round(s.host.mem.totalMb).toLocaleString("en")} MB`}
              >
                <Sparkline label="Memory" times={times} values={h?.mem_used_mb ?? []} color="#c2410c" />
              </Tile>
              <Tile label="Uptime" value={duration(s.host.uptime)} />
            </div>
          )}
          <section aria-label="Components" className="rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-sm">
              <caption className="sr-only">Each component&apos;s probe</caption>
              <thead className="text-left text-xs text-zinc-600 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="p-2">
                    Component
                  </th>
                  <th scope="col" className="p-2">
                    State
                  </th>
                  <th scope="col" className="p-2">
                    HTTP
                  </th>
                  <th scope="col" className="p-2">
                    Latency
                  </th>
                  <th scope="col" className="w-1/3 p-2">
                    Last hour
                  </th>
                </tr>
              </thead>
              <tbody>
                {s.components.map((c) => {
                  const samples = h?.components.find((hc) => hc.key === c.key);
                  const healthy = c.probe.up && (c.unitState === undefined || c.unitState === "active");
                  return (
                    <tr
                      key={c.key}
                      className="border-t border-zinc-200 dark:border-zinc-800"
                      data-testid={`component-${c.key}`}
                      data-up={healthy}
                    >
                      <th scope="row" className="p-2 text-left font-medium">
                        {c.label}
                      </th>
                      <td className="p-2">
                        <span
                          className={
                            healthy
                              ? "text-green-800 dark:text-green-300"
                              : "font-semibold text-red-700 dark:text-red-400"
                          }
                        >
                          {healthy ? "Up" : "Down"}
                        </span>
                        {c.unitState && (
                          <span className="ml-2 text-xs text-zinc-600 dark:text-zinc-400">unit {c.unitState}</span>
                        )}
                        {c.probe.error && (
                          <span className="ml-2 text-xs text-red-700 dark:text-red-400">{c.probe.error}</span>
                        )}
                      </td>
                      <td className="p-2 tabular-nums">{c.probe.httpStatus ?? "—"}</td>
                      <td className="p-2 tabular-nums">
                        {c.probe.latencyMs === undefined ? "—" : `${c.probe.latencyMs} ms`}
                      </td>
                      <td className="p-2">
                        <Sparkline label={`${c.label} latency`} times={times} values={samples?.latency_ms ?? []} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </section>
          <section aria-label="Incidents" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
            <h2 className="mb-2 text-sm font-medium">Incidents (last 7 days)</h2>
            {!h ? (
              <Spinner label="Loading incidents…" />
            ) : h.incidents.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">No component went down in the last 7 days.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="incidents">
                {h.incidents.map((i) => (
                  <li key={i.id} data-component={i.component} data-open={i.up_at === null}>
                    <strong>{i.label}</strong> down {new Date(i.down_at).toLocaleString()}
                    {i.up_at ? `, back ${new Date(i.up_at).toLocaleString()}` : " — still down"}
                    {i.error && <span className="text-zinc-600 dark:text-zinc-400"> ({i.error})</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </div>
  );
}
