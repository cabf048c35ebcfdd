import type { FeedRow } from "./types";

/**
 * What the live part of the feed shows around the list: the connection, the pause toggle,
 * rows held while paused, and the "N new" pill for rows that arrived above a reader who has
 * scrolled away from the top. Pure, so every transition is tested without a browser.
 */
export type Connection = "connecting" | "live" | "reconnecting" | "unavailable";

export interface LiveState {
  connection: Connection;
  paused: boolean;
  /** Rows that arrived while paused, newest first, shown on resume. */
  held: FeedRow[];
  /** More arrived while paused than are held: resuming reloads from REST instead. */
  heldOverflow: boolean;
  /** Rows inserted above the viewport since the reader left the top. */
  unseen: number;
}

export const MAX_HELD = 5000;

export const initialLiveState: LiveState = { connection: "connecting", paused: false, held: [], heldOverflow: false, unseen: 0 };

export type LiveAction =
  | { type: "connected" }
  | { type: "disconnected" }
  | { type: "unavailable" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "held"; rows: FeedRow[] }
  | { type: "inserted"; above: number; atTop: boolean }
  | { type: "reachedTop" }
  | { type: "reset" };

export function liveReducer(state: LiveState, action: LiveAction): LiveState {
  switch (action.type) {
    case "connected":
      return state.connection === "live" ? state : { ...state, connection: "live" };
    case "disconnected":
      // Before the first join it is still "connecting"; after, the socket dropped.
      return { ...state, connection: state.connection === "connecting" ? "connecting" : "reconnecting" };
    case "unavailable":
      return { ...state, connection: "unavailable" };
    case "pause":
      return { ...state, paused: true };
    case "resume":
      // The caller merges `held` (or reloads when it overflowed) before dispatching this.
      return { ...state, paused: false, held: [], heldOverflow: false };
    case "held": {
      if (!state.paused || action.rows.length === 0) return state;
      const known = new Set(state.held.map((r) => r.id));
      const merged = [...action.rows.filter((r) => !known.has(r.id)), ...state.held].sort((a, b) => b.id - a.id);
      return merged.length > MAX_HELD
        ? { ...state, held: merged.slice(0, MAX_HELD), heldOverflow: true }
        : { ...state, held: merged };
    }
    case "inserted":
      if (action.atTop || action.above === 0) return state;
      return { ...state, unseen: state.unseen + action.above };
    case "reachedTop":
      return state.unseen === 0 ? state : { ...state, unseen: 0 };
    case "reset":
      return { ...state, held: [], heldOverflow: false, unseen: 0 };
  }
}

/** The words beside the pause toggle and on the pill. */
export function liveSummary(state: LiveState): string {
  if (state.connection === "unavailable") return "Live updates unavailable";
  if (state.connection === "reconnecting") return "Reconnecting…";
  if (state.connection === "connecting") return "Connecting…";
  if (state.paused) return state.held.length ? `Paused · ${state.held.length}${state.heldOverflow ? "+" : ""} new` : "Paused";
  return "Live";
}

export const pillLabel = (unseen: number) => (unseen === 1 ? "1 new entry" : `${unseen.toLocaleString("en-US")} new entries`);
