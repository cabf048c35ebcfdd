/**
 * Collects items (live rows) and hands them over once per animation frame, as httptoolkit-ui's
 * events store does: hundreds of rows a second become one state update per frame. A timer
 * backs up the frame callback, which browsers stop calling in background tabs, so rows
 * still land (and memory stays bounded) while the tab is hidden.
 *
 * Rows come in bursts (one insert of many captures is one burst of messages), and a frame that
 * falls inside a burst would split it over two updates, each re-rendering every row in view.
 * So a frame that finds messages still arriving (the last within `settleMs`) waits for the
 * next one, for at most `maxWaitMs` after the first queued row.
 */
export interface Scheduler {
  now(): number;
  requestFrame(callback: () => void): number;
  cancelFrame(handle: number): void;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export const browserScheduler = (): Scheduler => ({
  now: () => performance.now(),
  requestFrame: (cb) => requestAnimationFrame(() => cb()),
  cancelFrame: (h) => cancelAnimationFrame(h),
  setTimer: (cb, ms) => setTimeout(cb, ms),
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
});

export interface FrameBatcher<T> {
  push(...items: T[]): void;
  /** Hands over whatever is queued now. */
  flush(): void;
  dispose(): void;
}

export function createFrameBatcher<T>(
  deliver: (items: T[]) => void,
  scheduler: Scheduler,
  { backstopMs = 500, maxPerFlush = 2000, settleMs = 4, maxWaitMs = 50 } = {},
): FrameBatcher<T> {
  let queue: T[] = [];
  let firstQueuedAt = 0;
  let lastPushAt = 0;
  let frame: number | null = null;
  let timer: unknown = null;
  let disposed = false;

  const cancel = () => {
    if (frame !== null) scheduler.cancelFrame(frame);
    if (timer !== null) scheduler.clearTimer(timer);
    frame = null;
    timer = null;
  };
  const schedule = () => {
    if (disposed || frame !== null) return;
    frame = scheduler.requestFrame(onFrame);
    timer = scheduler.setTimer(flush, backstopMs);
  };
  function onFrame() {
    frame = null;
    const now = scheduler.now();
    if (now - lastPushAt < settleMs && now - firstQueuedAt < maxWaitMs) {
      // Mid-burst: the rest is a frame away. The backstop timer stays as it is.
      if (!disposed) frame = scheduler.requestFrame(onFrame);
      return;
    }
    flush();
  }
  function flush() {
    cancel();
    if (disposed || queue.length === 0) return;
    // A huge backlog (a tab waking up) is delivered over several frames, not in one long task.
    const batch = queue.length > maxPerFlush ? queue.splice(0, maxPerFlush) : queue;
    if (batch === queue) queue = [];
    else {
      firstQueuedAt = scheduler.now();
      schedule();
    }
    deliver(batch);
  }
  return {
    push(...items) {
      if (disposed || items.length === 0) return;
      lastPushAt = scheduler.now();
      if (queue.length === 0) firstQueuedAt = lastPushAt;
      queue.push(...items);
      schedule();
    },
    flush,
    dispose() {
      disposed = true;
      cancel();
      queue = [];
    },
  };
}
