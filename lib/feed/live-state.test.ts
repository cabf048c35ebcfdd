import { describe, expect, it } from "vitest";
import {
  initialLiveState,
  liveReducer,
  liveSummary,
  MAX_HELD,
  pillCount,
  pillLabel,
  type LiveAction,
  type LiveState,
} from "./live-state";
import type { FeedRow } from "./types";

const row = (id: number) => ({ id }) as FeedRow;
const run = (...actions: LiveAction[]) => actions.reduce<LiveState>(liveReducer, initialLiveState);

describe("live state", () => {
  it("tells connecting from reconnecting", () => {
    expect(run({ type: "disconnected" }).connection).toBe("connecting");
    expect(run({ type: "connected" }, { type: "disconnected" }).connection).toBe("reconnecting");
    expect(liveSummary(run({ type: "connected" }, { type: "disconnected" }))).toBe("Reconnecting…");
    expect(liveSummary(run({ type: "connected" }, { type: "disconnected" }, { type: "connected" }))).toBe("Live");
  });

  it("holds rows newest first without duplicates (one entry on two workspace topics), and lets go", () => {
    const held = run(
      { type: "connected" },
      { type: "held", rows: [row(3), row(1)] },
      { type: "held", rows: [row(2), row(3)] },
    );
    expect(held.held.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(pillCount(held)).toBe(3);
    expect(run({ type: "held", rows: [row(1)] }, { type: "released" }).held).toEqual([]);
    expect(pillLabel(1)).toBe("1 new entry");
    expect(pillLabel(1234)).toBe("1,234 new entries");
  });

  it("holds a frame's rows in id order whatever order they came in, each id once, older ones among the held", () => {
    const state = run(
      { type: "connected" },
      { type: "held", rows: [row(10), row(4)] },
      { type: "held", rows: [row(7), row(12), row(7), row(4), row(1), row(11)] },
    );
    expect(state.held.map((r) => r.id)).toEqual([12, 11, 10, 7, 4, 1]);
  });

  it("keeps the same state when a frame brings only rows it already holds", () => {
    const state = run({ type: "connected" }, { type: "held", rows: [row(2), row(1)] });
    expect(liveReducer(state, { type: "held", rows: [row(1), row(2)] })).toBe(state);
  });

  it("counts held rows beside the toggle while paused, not on the pill", () => {
    const paused = run({ type: "connected" }, { type: "pause" }, { type: "held", rows: [row(1), row(2)] });
    expect(liveSummary(paused)).toBe("Paused · 2 new");
    expect(pillCount(paused)).toBe(0);
    const resumed = liveReducer(paused, { type: "resume" });
    expect([resumed.paused, pillCount(resumed)]).toEqual([false, 2]);
  });

  it("marks an overflow instead of holding without bound", () => {
    const many = Array.from({ length: MAX_HELD + 10 }, (_, i) => row(i + 1));
    const state = run({ type: "connected" }, { type: "pause" }, { type: "held", rows: many });
    expect(state.held).toHaveLength(MAX_HELD);
    expect(state.held[0].id).toBe(MAX_HELD + 10);
    expect(state.heldOverflow).toBe(true);
    expect(liveSummary(state)).toBe(`Paused · ${MAX_HELD}+ new`);
    expect(liveReducer(state, { type: "released" }).heldOverflow).toBe(false);
  });
});
