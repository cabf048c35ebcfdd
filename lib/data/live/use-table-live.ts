"use client";

import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import type { SupabaseClient } from "@/lib/browser/supabase";

export type LiveState = "connecting" | "live" | "down";

/**
 * Keeps catalogue queries current across tabs, people and MCP: postgres_changes on the given
 * tables refetch the given queries (a catalogue is small, and a refetch also brings the
 * derived fields a row change does not carry, such as counts and linked names). RLS decides
 * which rows' changes reach this person. Changes within one frame cost one refetch.
 */
export function useTableLive(
  supabase: SupabaseClient,
  channelName: string,
  tables: readonly string[],
  keys: readonly QueryKey[],
): LiveState {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>("connecting");
  const keysRef = useRef(keys);
  useEffect(() => {
    keysRef.current = keys;
  });
  const tableList = tables.join(",");
  useEffect(() => {
    let pending = false;
    const refetch = () => {
      if (pending) return;
      pending = true;
      queueMicrotask(() => {
        pending = false;
        for (const queryKey of keysRef.current) void queryClient.invalidateQueries({ queryKey });
      });
    };
    let channel = supabase.channel(channelName);
    for (const table of tableList.split(","))
      channel = channel.on("postgres_changes", { event: "*", schema: "public", table }, refetch);
    subscribeWithToken(supabase, [
      [
        channel,
        (status) => {
          setState(status === "SUBSCRIBED" ? "live" : status === "CLOSED" ? "connecting" : "down");
          // Changes made while the socket was down are not replayed: read again on (re)join.
          if (status === "SUBSCRIBED") refetch();
        },
      ],
    ]);
    return () => {
      void supabase.removeChannel(channel);
    };
  }, [supabase, channelName, tableList, queryClient]);
  return state;
}
