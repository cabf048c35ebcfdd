import { describe, expect, it } from "vitest";
import { DEFAULT_PANE_WIDTH, MIN_PANE_WIDTH, clampPaneWidth, paneWidthForKey, parseStoredWidth } from "./split";
import { formatDayClock, onDifferentDays } from "./format";

describe("the list / detail split", () => {
  it("keeps the pane and the list at their minimum widths", () => {
    expect(clampPaneWidth(100, 1400)).toBe(MIN_PANE_WIDTH);
    expect(clampPaneWidth(2000, 1400)).toBe(1400 - 360);
    expect(clampPaneWidth(500.4, 1400)).toBe(500);
    // A container too narrow for both still gives the pane its minimum.
    expect(clampPaneWidth(500, 500)).toBe(MIN_PANE_WIDTH);
    expect(clampPaneWidth(NaN, 1400)).toBe(DEFAULT_PANE_WIDTH);
  });

  it("reads a remembered width, defaulting on nonsense", () => {
    expect(parseStoredWidth("612")).toBe(612);
    expect(parseStoredWidth(null)).toBe(DEFAULT_PANE_WIDTH);
    expect(parseStoredWidth("wide")).toBe(DEFAULT_PANE_WIDTH);
    expect(parseStoredWidth("-3")).toBe(DEFAULT_PANE_WIDTH);
  });

  it("moves the divider by key: Left widens the pane, Right narrows it, Home and End go to the ends", () => {
    expect(paneWidthForKey("ArrowLeft", false, 480, 1400)).toBe(512);
    expect(paneWidthForKey("ArrowRight", false, 480, 1400)).toBe(448);
    expect(paneWidthForKey("ArrowLeft", true, 480, 1400)).toBe(608);
    expect(paneWidthForKey("Home", false, 480, 1400)).toBe(1040);
    expect(paneWidthForKey("End", false, 480, 1400)).toBe(MIN_PANE_WIDTH);
    expect(paneWidthForKey("Enter", false, 480, 1400)).toBeNull();
  });
});

describe("the time column's date", () => {
  it("tells captures on different local days apart", () => {
    const a = new Date(2026, 11, 4, 23, 59, 0).toISOString();
    const b = new Date(2026, 11, 5, 0, 1, 0).toISOString();
    const c = new Date(2026, 11, 4, 0, 0, 1).toISOString();
    expect(onDifferentDays(a, b)).toBe(true);
    expect(onDifferentDays(a, c)).toBe(false);
    expect(onDifferentDays("nope", a)).toBe(false);
    expect(formatDayClock(new Date(2026, 0, 2, 3, 4, 5, 6).toISOString())).toBe("01-02 03:04:05.006");
  });
});
