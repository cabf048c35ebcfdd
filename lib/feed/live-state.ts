import type { FeedRow } from "./types";

/**
 * What the live part of the feed shows around the list: the connection, the pause toggle, and
 * rows held back. New rows go straight into the list only while the reader is at the top and
 * not paused; otherwise they are held (newest first, without duplicates) and counted — on the
 * "N new" pill when the reader scrolled away, beside the toggle when paused — and released
 * when the reader returns to the top or resumes. Holding instead of inserting above a reader
 * keeps what they read still and costs nothing however long the loaded list is.
 */
export type Connection = "connecting" | "live" | "reconnecting" | "unavailable";

export interface LiveState {
  connection: Connection;
  paused: boolean;
  held: FeedRow[];
  /** More arrived than are held: releasing reloads from REST instead. */
  heldOverflow: boolean;
}

export const MAX_HELD = 5000;

export const initialLiveState: LiveState = { connection: "connecting", paused: false, held: [], heldOverflow: false };

export type LiveAction =
  | { type: "connected" }
  | { type: "disconnected" }
  | { type: "unavailable" }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "held"; rows: FeedRow[] }
  | { type: "released" };

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
      return state.paused ? state : { ...state, paused: true };
    case "resume":
      return state.paused ? { ...state, paused: false } : state;
    case "held": {
      if (action.rows.length === 0) return state;
      const merged = mergeHeld(state.held, action.rows);
      if (merged === state.held) return state;
      return merged.length > MAX_HELD
        ? { ...state, held: merged.slice(0, MAX_HELD), heldOverflow: true }
        : { ...state, held: merged };
    }
    case "released":
      return state.held.length === 0 && !state.heldOverflow ? state : { ...state, held: [], heldOverflow: false };
  }
}

/**
 * Held rows plus a frame's new ones, newest first, each id once: a sort of the frame's rows and
 * one linear pass, rather than a set of every held id and a re-sort of up to MAX_HELD per frame.
 */
function mergeHeld(held: FeedRow[], rows: FeedRow[]): FeedRow[] {
  const incoming = rows.length === 1 ? rows : [...rows].sort((a, b) => b.id - a.id);
  const out: FeedRow[] = [];
  let i = 0;
  let j = 0;
  let last = Number.NaN;
  while (i < held.length || j < incoming.length) {
    const next = j === incoming.length || (i < held.length && held[i].id >= incoming[j].id) ? held[i++] : incoming[j++];
    if (next.id !== last) out.push(next);
    last = next.id;
  }
  return out.length === held.length ? held : out;
}

/** Rows waiting for a reader who scrolled away (the pill); none while paused (the toggle says it). */
export const pillCount = (state: LiveState) => (state.paused ? 0 : state.held.length);

/** The words beside the pause toggle. */
export function liveSummary(state: LiveState): string {
  if (state.connection === "unavailable") return "Live updates unavailable";
  if (state.connection === "reconnecting") return "Reconnecting…";
  if (state.connection === "connecting") return "Connecting…";
  if (state.paused)
    return state.held.length ? `Paused · ${state.held.length}${state.heldOverflow ? "+" : ""} new` : "Paused";
  return "Live";
}

export const pillLabel = (unseen: number) =>
  unseen === 1 ? "1 new entry" : `${unseen.toLocaleString("en-US")} new entries`;
