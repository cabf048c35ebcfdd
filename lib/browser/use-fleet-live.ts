"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { applyStatus, fetchDevices, mergeFleet, type Device, type DeviceStatus } from "./queries/devices";
import { queryKeys } from "./query-keys";
import { subscribeWithToken } from "./realtime";
import type { SupabaseClient } from "./supabase";

/**
 * Keeps the cached fleet current with postgres_changes on device_status (heartbeats: patched
 * in place) and devices (a rename is patched; an added or removed device refetches the list,
 * merged so that no status goes back in time).
 * RLS decides which rows' changes reach this person.
 */
export function useFleetLive(supabase: SupabaseClient): "connecting" | "live" | "down" {
  const queryClient = useQueryClient();
  const [state, setState] = useState<"connecting" | "live" | "down">("connecting");
  useEffect(() => {
    const channel = supabase
      .channel("fleet-changes")
      .on("postgres_changes", { event: "*", schema: "public", table: "device_status" }, (change) => {
        if (change.eventType === "DELETE") return;
        queryClient.setQueryData<Device[]>(queryKeys.devices(), (devices) =>
          applyStatus(devices, change.new as DeviceStatus),
        );
      })
      .on("postgres_changes", { event: "*", schema: "public", table: "devices" }, (change) => {
        if (change.eventType === "UPDATE") {
          const row = change.new as Partial<Device> & { uuid: string };
          queryClient.setQueryData<Device[]>(queryKeys.devices(), (devices) =>
            devices?.map((d) =>
              d.uuid === row.uuid
                ? { ...d, name: row.name ?? d.name, os: row.os ?? d.os, kind: row.kind ?? d.kind }
                : d,
            ),
          );
        } else {
          void fetchDevices(supabase)
            .then((fresh) =>
              queryClient.setQueryData<Device[]>(queryKeys.devices(), (cached) => mergeFleet(cached, fresh)),
            )
            .catch(() => queryClient.invalidateQueries({ queryKey: queryKeys.devices(), exact: true }));
        }
      });
    subscribeWithToken(supabase, [
      [channel, (status) => setState(status === "SUBSCRIBED" ? "live" : status === "CLOSED" ? "connecting" : "down")],
    ]);
    return () => {
      void supabase.removeChannel(channel);
    };
  }, [supabase, queryClient]);
  return state;
}
