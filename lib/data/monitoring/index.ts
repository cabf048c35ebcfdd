import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";

export type Stats = OperationOutput<"get_stats">;
export type Status = OperationOutput<"get_status">;
export type StatsHistory = OperationOutput<"get_stats_history">;
export type StatusHistory = OperationOutput<"get_status_history">;
export type HistoryWindow = OperationInput<"get_stats_history">["window"] & string;
export type HistoryBy = OperationInput<"get_stats_history">["by"] & string;

export const monitoringKeys = {
  stats: () => ["stats"] as const,
  statsHistory: (window: string, by: string) => ["stats", "history", window, by] as const,
  status: () => ["status"] as const,
  statusHistory: () => ["status", "history"] as const,
};

// Kept current by postgres_changes on service_stats / service_status while the page is open.
export const statsOptions = (call: CallOperation) =>
  queryOptions({ queryKey: monitoringKeys.stats(), queryFn: () => call("get_stats", {}), staleTime: 60_000 });

export const statsHistoryOptions = (call: CallOperation, window: HistoryWindow, by: HistoryBy) =>
  queryOptions({
    queryKey: monitoringKeys.statsHistory(window, by),
    queryFn: () => call("get_stats_history", { window, by }),
    staleTime: 60_000,
  });

export const statusOptions = (call: CallOperation) =>
  queryOptions({ queryKey: monitoringKeys.status(), queryFn: () => call("get_status", {}), staleTime: 10_000 });

export const statusHistoryOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: monitoringKeys.statusHistory(),
    queryFn: () => call("get_status_history", { minutes: 60 }),
    staleTime: 10_000,
  });

/** A snapshot older than 30 s means its writer is down or wedged (the seed's rule). */
export const STALE_AFTER_MS = 30_000;

export function isStale(updatedAt: number | undefined, now: number): boolean {
  return updatedAt === undefined || now - updatedAt > STALE_AFTER_MS;
}

/** Bucket start times (seconds, as uPlot wants them) for a history answer. */
export function bucketTimes(history: Pick<StatsHistory, "start" | "step_seconds">, points: number): number[] {
  const start = Date.parse(history.start) / 1000;
  return Array.from({ length: points }, (_, i) => start + i * history.step_seconds);
}
