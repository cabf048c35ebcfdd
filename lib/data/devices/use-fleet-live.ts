"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import type { SupabaseClient } from "@/lib/browser/supabase";
import type { CallOperation } from "@/lib/operations/registry-types";
import { applyStatus, deviceKeys, fetchDevices, mergeFleet, type Device, type DeviceStatus } from "./index";

/**
 * Keeps the cached fleet current with postgres_changes on device_status (heartbeats: patched
 * in place) and devices (a rename is patched; an added or removed device refetches the list,
 * merged so that no status goes back in time).
 * RLS decides which rows' changes reach this person.
 */
export function useFleetLive(supabase: SupabaseClient, call: CallOperation): "connecting" | "live" | "down" {
  const queryClient = useQueryClient();
  const [state, setState] = useState<"connecting" | "live" | "down">("connecting");
  useEffect(() => {
    const channel = supabase
      .channel("fleet-changes")
      .on("postgres_changes", { event: "*", schema: "public", table: "device_status" }, (change) => {
        if (change.eventType === "DELETE") return;
        queryClient.setQueryData<Device[]>(deviceKeys.list(), (devices) =>
          applyStatus(devices, change.new as DeviceStatus),
        );
      })
      .on("postgres_changes", { event: "*", schema: "public", table: "devices" }, (change) => {
        if (change.eventType === "UPDATE") {
          const row = change.new as Partial<Device> & { uuid: string };
          queryClient.setQueryData<Device[]>(deviceKeys.list(), (devices) =>
            devices?.map((d) =>
              d.uuid === row.uuid
                ? { ...d, name: row.name ?? d.name, os: row.os ?? d.os, kind: row.kind ?? d.kind }
                : d,
            ),
          );
        } else {
          void fetchDevices(call)
            .then((fresh) =>
              queryClient.setQueryData<Device[]>(deviceKeys.list(), (cached) => mergeFleet(cached, fresh)),
            )
            .catch(() => queryClient.invalidateQueries({ queryKey: deviceKeys.list(), exact: true }));
        }
      });
    subscribeWithToken(supabase, [
      [channel, (status) => setState(status === "SUBSCRIBED" ? "live" : status === "CLOSED" ? "connecting" : "down")],
    ]);
    return () => {
      void supabase.removeChannel(channel);
    };
  }, [supabase, call, queryClient]);
  return state;
}
