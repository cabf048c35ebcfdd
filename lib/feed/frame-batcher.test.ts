import { describe, expect, it } from "vitest";
import { createFrameBatcher, type Scheduler } from "./frame-batcher";

/** A hand-driven clock: frames and timers run only when the test says so. */
function manualScheduler() {
  let nextHandle = 1;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  const scheduler: Scheduler = {
    requestFrame: (cb) => (frames.set(nextHandle, cb), nextHandle++),
    cancelFrame: (h) => void frames.delete(h),
    setTimer: (cb) => (timers.set(nextHandle, cb), nextHandle++),
    clearTimer: (h) => void timers.delete(h as number),
  };
  const runAll = (map: Map<number, () => void>) => {
    const due = [...map.values()];
    map.clear();
    due.forEach((cb) => cb());
  };
  return {
    scheduler,
    frame: () => runAll(frames),
    timeout: () => runAll(timers),
    pending: () => frames.size + timers.size,
  };
}

describe("frame batcher", () => {
  it("delivers everything pushed within a frame as one batch", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler);
    batcher.push(1, 2);
    batcher.push(3);
    expect(batches).toEqual([]);
    clock.frame();
    expect(batches).toEqual([[1, 2, 3]]);
    expect(clock.pending()).toBe(0);
  });

  it("still delivers when frames stop (a background tab), through the backstop timer", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler);
    batcher.push(1);
    clock.timeout();
    expect(batches).toEqual([[1]]);
  });

  it("spreads a large backlog over frames", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler, { maxPerFlush: 2 });
    batcher.push(1, 2, 3, 4, 5);
    clock.frame();
    clock.frame();
    clock.frame();
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("delivers nothing after dispose", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler);
    batcher.push(1);
    batcher.dispose();
    clock.frame();
    clock.timeout();
    batcher.push(2);
    expect(batches).toEqual([]);
  });
});
