import { describe, expect, it } from "vitest";
import { EMPTY_SELECTION, flowAround, inCaptureOrder, selectOnClick } from "./selection";
import type { FeedRow } from "./types";

const row = (id: number, host: string, minutes: number, device = "d1"): FeedRow => ({
  id,
  ts: new Date(Date.UTC(2026, 11, 4, 12, minutes)).toISOString(),
  device_uuid: device,
  method: "GET",
  host,
  path: "/",
  status: 200,
  source: "vpn",
  duration_ms: 1,
  response_size: 1,
  tag_ids: [],
});

// Newest first, as the feed holds them.
const rows = [
  row(6, "api.shop.example", 6),
  row(5, "cdn.other.example", 5),
  row(4, "auth.shop.example", 4),
  row(3, "api.shop.example", 3, "d2"),
  row(2, "api.shop.example", 2),
  row(1, "api.shop.example", -40),
];
const indexOf = (id: number) => rows.findIndex((r) => r.id === id);
const at = (index: number) => rows[index];
const select = (s: typeof EMPTY_SELECTION, id: number, toggle = false, range = false) =>
  selectOnClick(s, id, { toggle, range }, indexOf, at);

describe("feed selection", () => {
  it("a click marks one, Ctrl toggles, Shift marks the loaded range from the last click", () => {
    let s = select(EMPTY_SELECTION, 5);
    expect([...s.ids]).toEqual([5]);
    s = select(s, 3, true);
    expect(inCaptureOrder(s.ids)).toEqual([3, 5]);
    s = select(s, 5, true);
    expect([...s.ids]).toEqual([3]);
    s = select(s, 6, false, true);
    expect(inCaptureOrder(s.ids)).toEqual([3, 5, 6]);
    expect(inCaptureOrder(select(select(EMPTY_SELECTION, 3), 6, false, true).ids)).toEqual([3, 4, 5, 6]);
    expect([...select(s, 2).ids]).toEqual([2]);
  });

  it("a flow is the same device and site within the window, whatever the subdomain", () => {
    expect(inCaptureOrder(flowAround(rows[2], rows))).toEqual([2, 4, 6]);
  });
});
