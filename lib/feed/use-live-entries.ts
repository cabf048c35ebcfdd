"use client";

import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";
import { useEffect, useRef } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import { browserScheduler, createFrameBatcher } from "./frame-batcher";
import { summaryFromBroadcast } from "./live-payload";
import type { EntrySummary } from "./types";

export type ChannelHealth = "joined" | "down" | "refused";

interface LiveHandlers {
  /** New summaries, at most once per animation frame. */
  onRows(rows: EntrySummary[]): void;
  /** The whole subscription: joined (every topic), down (socket lost; realtime-js retries), refused (not allowed). */
  onHealth(health: ChannelHealth): void;
  /** Joined again after being down: whatever arrived meanwhile must be fetched (Broadcast does not replay). */
  onRejoined(): void;
}

/**
 * Subscribes to the Broadcast topics of the feed (private channels, authorised once at join
 * by RLS on realtime.messages) and hands rows over per frame. Re-subscribes only when the
 * topics change; handlers are read through a ref so a re-render never drops the socket.
 */
export function useLiveEntries(supabase: SupabaseClient, topics: string[] | null, handlers: LiveHandlers) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  // null: not known yet (the fleet's devices still loading): neither subscribe nor give up.
  const key = topics === null ? null : topics.join(",");

  useEffect(() => {
    if (key === null) return;
    const list = key ? key.split(",") : [];
    if (list.length === 0) {
      latest.current.onHealth("refused");
      return;
    }
    const batcher = createFrameBatcher<EntrySummary>((rows) => latest.current.onRows(rows), browserScheduler());
    const joined = new Set<string>();
    let wasDown = false;
    let wasJoined = false;
    const report = () => {
      if (joined.size === list.length) {
        latest.current.onHealth("joined");
        if (wasDown) latest.current.onRejoined();
        wasDown = false;
        wasJoined = true;
      } else if (wasJoined) {
        wasDown = true;
        latest.current.onHealth("down");
      }
    };
    const subscriptions = list.map((topic) => {
      const channel = supabase
        .channel(topic, { config: { private: true } })
        .on("broadcast", { event: "entry" }, (message: { payload?: unknown }) => {
          const row = summaryFromBroadcast(message.payload);
          if (row) batcher.push(row);
        });
      const onStatus: Parameters<RealtimeChannel["subscribe"]>[0] = (status, error) => {
        if (status === "SUBSCRIBED") joined.add(topic);
        else joined.delete(topic);
        // A join the server refused (RLS said no) will not heal by retrying.
        if (
          status === "CHANNEL_ERROR" &&
          !wasJoined &&
          /unauthori[sz]ed|denied|not allowed/i.test(String(error?.message ?? ""))
        ) {
          latest.current.onHealth("refused");
          return;
        }
        report();
      };
      return [channel, onStatus] as const;
    });
    subscribeWithToken(supabase, subscriptions);
    return () => {
      batcher.dispose();
      for (const [channel] of subscriptions) void supabase.removeChannel(channel);
    };
  }, [supabase, key]);
}
