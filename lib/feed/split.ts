/**
 * The split between the feed's list and its detail pane: the pane's width in CSS pixels,
 * remembered per browser. The list keeps room for time, method, status, host and path.
 */
export const PANE_WIDTH_KEY = "busymate-feed-pane-width";
export const DEFAULT_PANE_WIDTH = 480;
export const MIN_PANE_WIDTH = 320;
export const MIN_LIST_WIDTH = 360;
/** One Arrow key press; Shift+Arrow moves four times as far. */
export const PANE_STEP = 32;

export function clampPaneWidth(width: number, containerWidth: number): number {
  const max = Math.max(MIN_PANE_WIDTH, containerWidth - MIN_LIST_WIDTH);
  if (!Number.isFinite(width)) return Math.min(DEFAULT_PANE_WIDTH, max);
  return Math.round(Math.min(max, Math.max(MIN_PANE_WIDTH, width)));
}

/** A stored width, or the default when absent or not a number. */
export function parseStoredWidth(raw: string | null): number {
  const n = raw === null ? NaN : Number(raw);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_PANE_WIDTH;
}

/** The width a key press on the divider asks for (the pane is on the right: Left widens it). */
export function paneWidthForKey(key: string, shift: boolean, width: number, containerWidth: number): number | null {
  const step = shift ? PANE_STEP * 4 : PANE_STEP;
  const moves: Record<string, number> = {
    ArrowLeft: width + step,
    ArrowRight: width - step,
    Home: Infinity,
    End: MIN_PANE_WIDTH,
  };
  if (!(key in moves)) return null;
  const wanted = moves[key];
  return clampPaneWidth(wanted === Infinity ? containerWidth : wanted, containerWidth);
}
