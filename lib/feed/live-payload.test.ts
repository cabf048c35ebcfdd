import { describe, expect, it } from "vitest";
import { liveTopics, MAX_LIVE_TOPICS, summaryFromBroadcast } from "./live-payload";

const message = {
  id: "6c1f3c52-1111-4c1e-9d0e-6f3b2a1c9d01", entry_id: 42, ts: "2026-11-22T10:00:00.123+00:00", device_uuid: "d", method: "GET",
  host: "api.example", path: "/x", status: 200, source: "vpn", duration_ms: 12.5, response_size: 512,
};

describe("live entry messages", () => {
  it("become feed summaries keyed by the entry id", () => {
    expect(summaryFromBroadcast(message)).toEqual({
      id: 42, ts: message.ts, device_uuid: "d", method: "GET", host: "api.example", path: "/x", status: 200, source: "vpn", duration_ms: 12.5, response_size: 512,
    });
  });

  it("accept a failed capture and a message without a size", () => {
    const { response_size: _, ...withoutSize } = message;
    expect(summaryFromBroadcast({ ...withoutSize, status: null, duration_ms: null })).toMatchObject({ status: null, response_size: null });
  });

  it("drop malformed messages", () => {
    expect(summaryFromBroadcast({ ...message, entry_id: "42" })).toBeNull();
    expect(summaryFromBroadcast(null)).toBeNull();
  });
});

describe("live topics", () => {
  it("follow the chosen workspace, or all visible ones up to the channel budget", () => {
    expect(liveTopics("w1", [{ id: "w2" }])).toEqual(["ws:w1"]);
    expect(liveTopics(null, [{ id: "w1" }, { id: "w2" }])).toEqual(["ws:w1", "ws:w2"]);
    expect(liveTopics(null, Array.from({ length: 50 }, (_, i) => ({ id: `w${i}` })))).toHaveLength(MAX_LIVE_TOPICS);
  });
});
