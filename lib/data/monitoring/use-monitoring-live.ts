"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import type { SupabaseClient } from "@/lib/browser/supabase";
import { monitoringKeys, type Stats, type Status } from "./index";

export type LiveState = "connecting" | "live" | "down";

/**
 * postgres_changes UPDATE on the single-row snapshot table: the new snapshot replaces the cached
 * one, and the history behind the charts is read again (the job that wrote the snapshot has just
 * rolled up). RLS decides: without stats:view / status:view no event arrives.
 */
export function useSnapshotLive(
  supabase: SupabaseClient,
  table: "service_stats" | "service_status",
): { state: LiveState; updatedAt: number | undefined } {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const [updatedAt, setUpdatedAt] = useState<number | undefined>(undefined);
  useEffect(() => {
    const channel = supabase
      .channel(`${table}-changes`)
      .on("postgres_changes", { event: "UPDATE", schema: "public", table, filter: "id=eq.1" }, (change) => {
        const row = change.new as { snapshot: Stats | Status; updated_at?: string };
        if (row.updated_at) setUpdatedAt(Date.parse(row.updated_at));
        if (table === "service_stats") {
          queryClient.setQueryData(monitoringKeys.stats(), row.snapshot as Stats);
          void queryClient.invalidateQueries({ queryKey: ["stats", "history"] });
        } else {
          queryClient.setQueryData(monitoringKeys.status(), row.snapshot as Status);
          void queryClient.invalidateQueries({ queryKey: monitoringKeys.statusHistory() });
        }
      });
    subscribeWithToken(supabase, [
      [channel, (status) => setState(status === "SUBSCRIBED" ? "live" : status === "CLOSED" ? "connecting" : "down")],
    ]);
    return () => {
      void supabase.removeChannel(channel);
    };
  }, [supabase, table, queryClient]);
  return { state, updatedAt };
}
