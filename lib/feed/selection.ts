import type { FeedRow } from "./types";

/**
 * Several captures marked in the feed (for a repro or a question to BusyBro): a click marks
 * one, Ctrl/⌘-click toggles one, Shift-click marks the loaded range from the last clicked row.
 * Ids only, so live rows landing above never move the selection.
 */
export interface Selection {
  ids: ReadonlySet<number>;
  anchor: number | null;
}

export const EMPTY_SELECTION: Selection = { ids: new Set(), anchor: null };

export interface ClickModifiers {
  toggle: boolean;
  range: boolean;
}

export function selectOnClick(
  current: Selection,
  id: number,
  { toggle, range }: ClickModifiers,
  indexOf: (id: number) => number,
  rowAtIndex: (index: number) => FeedRow | undefined,
): Selection {
  if (range && current.anchor !== null) {
    const from = indexOf(current.anchor);
    const to = indexOf(id);
    if (from !== -1 && to !== -1) {
      const ids = new Set(current.ids);
      for (let i = Math.min(from, to); i <= Math.max(from, to); i++) {
        const row = rowAtIndex(i);
        if (row) ids.add(row.id);
      }
      return { ids, anchor: current.anchor };
    }
  }
  if (toggle) {
    const ids = new Set(current.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    return { ids, anchor: id };
  }
  return { ids: new Set([id]), anchor: id };
}

/** The registrable part of a host, roughly: its last two labels (api.shop.example → shop.example). */
const siteOf = (host: string | null) => (host ?? "").split(".").slice(-2).join(".");

/** Entries of one flow around `center`: the same device and site, within `windowMs` of it. */
export function flowAround(center: FeedRow, rows: Iterable<FeedRow>, windowMs = 15 * 60_000): number[] {
  const at = Date.parse(center.ts);
  const site = siteOf(center.host);
  const ids: number[] = [];
  for (const row of rows) {
    if (row.device_uuid !== center.device_uuid || siteOf(row.host) !== site) continue;
    if (Math.abs(Date.parse(row.ts) - at) <= windowMs) ids.push(row.id);
  }
  return ids;
}

/** Capture order (oldest first), which build_repro expects. */
export const inCaptureOrder = (ids: Iterable<number>) => [...ids].sort((a, b) => a - b);
