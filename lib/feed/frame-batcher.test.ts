import { describe, expect, it } from "vitest";
import { createFrameBatcher, type Scheduler } from "./frame-batcher";

/** A hand-driven clock: frames and timers run only when the test says so. */
function manualScheduler() {
  let nextHandle = 1;
  let time = 0;
  const frames = new Map<number, () => void>();
  const timers = new Map<number, () => void>();
  const scheduler: Scheduler = {
    now: () => time,
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
    /** The next frame, a 60 Hz period after the last unless told otherwise. */
    frame: (ms = 16.7) => {
      time += ms;
      runAll(frames);
    },
    advance: (ms: number) => void (time += ms),
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

  it("lets a frame that falls inside a burst pass, and delivers the burst whole on the next", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler);
    batcher.push(1);
    clock.advance(15);
    batcher.push(2);
    clock.frame(1.7); // 1.7 ms after the last message: more is on its way
    expect(batches).toEqual([]);
    clock.advance(3);
    batcher.push(3);
    clock.frame(13.7);
    expect(batches).toEqual([[1, 2, 3]]);
    expect(clock.pending()).toBe(0);
  });

  it("holds a steady stream no longer than maxWaitMs", () => {
    const clock = manualScheduler();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), clock.scheduler, { maxWaitMs: 50 });
    let sent = 0;
    let elapsed = 0;
    // A message every 2 ms, a frame every 16 ms (the last message always 0 ms before it).
    while (batches.length === 0 && elapsed < 200) {
      for (let i = 0; i < 8; i++) {
        batcher.push(++sent);
        clock.advance(2);
      }
      elapsed += 16;
      clock.frame(0);
    }
    expect(elapsed).toBeGreaterThanOrEqual(48);
    expect(elapsed).toBeLessThanOrEqual(64);
    expect(batches[0]).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
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
