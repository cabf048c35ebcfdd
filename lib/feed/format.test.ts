import { describe, expect, it } from "vitest";
import { formatAgo, formatBytes, formatDuration } from "./format";

describe("formatting", () => {
  it("writes sizes in powers of 1024", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MB");
    expect(formatBytes(null)).toBe("—");
    expect(formatBytes(-1)).toBe("—");
  });

  it("writes durations at a useful precision", () => {
    expect(formatDuration(0.4)).toBe("<1 ms");
    expect(formatDuration(12.6)).toBe("13 ms");
    expect(formatDuration(1234)).toBe("1.23 s");
    expect(formatDuration(12_345)).toBe("12.3 s");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(null)).toBe("—");
  });

  it("says how long ago", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(formatAgo("2026-11-22T11:59:48Z", now)).toBe("12 s ago");
    expect(formatAgo("2026-11-22T11:57:00Z", now)).toBe("3 min ago");
    expect(formatAgo("2026-11-22T07:00:00Z", now)).toBe("5 h ago");
    expect(formatAgo("2026-11-18T12:00:00Z", now)).toBe("4 d ago");
    expect(formatAgo(null, now)).toBe("never");
  });
});
