import { describe, expect, it } from "vitest";
import { initialLiveState, liveReducer, liveSummary, MAX_HELD, pillLabel, type LiveAction, type LiveState } from "./live-state";
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

  it("counts rows inserted above a reader away from the top, and clears at the top", () => {
    const away = run({ type: "connected" }, { type: "inserted", above: 3, atTop: false }, { type: "inserted", above: 2, atTop: false });
    expect(away.unseen).toBe(5);
    expect(run({ type: "inserted", above: 3, atTop: true }).unseen).toBe(0);
    expect(liveReducer(away, { type: "reachedTop" }).unseen).toBe(0);
    expect(pillLabel(1)).toBe("1 new entry");
    expect(pillLabel(1234)).toBe("1,234 new entries");
  });

  it("holds rows while paused, newest first and without duplicates, and lets go on resume", () => {
    const paused = run({ type: "connected" }, { type: "pause" }, { type: "held", rows: [row(3), row(1)] }, { type: "held", rows: [row(2), row(3)] });
    expect(paused.held.map((r) => r.id)).toEqual([3, 2, 1]);
    expect(liveSummary(paused)).toBe("Paused · 3 new");
    const resumed = liveReducer(paused, { type: "resume" });
    expect([resumed.paused, resumed.held]).toEqual([false, []]);
    expect(run({ type: "held", rows: [row(1)] }).held).toEqual([]);
  });

  it("marks an overflow instead of holding without bound", () => {
    const many = Array.from({ length: MAX_HELD + 10 }, (_, i) => row(i + 1));
    const state = run({ type: "pause" }, { type: "held", rows: many });
    expect(state.held).toHaveLength(MAX_HELD);
    expect(state.held[0].id).toBe(MAX_HELD + 10);
    expect(state.heldOverflow).toBe(true);
    expect(liveSummary({ ...state, connection: "live" })).toBe(`Paused · ${MAX_HELD}+ new`);
  });
});
