import { describe, expect, it } from "vitest";
import { coverageNote, livePlan, MAX_OWNER_TOPICS, summaryFromBroadcast } from "./live-payload";

const message = {
  id: "6c1f3c52-1111-4c1e-9d0e-6f3b2a1c9d01",
  entry_id: 42,
  ts: "2026-11-22T10:00:00.123+00:00",
  device_uuid: "d",
  method: "GET",
  host: "api.example",
  path: "/x",
  status: 200,
  source: "vpn",
  duration_ms: 12.5,
  response_size: 512,
};

describe("live entry messages", () => {
  it("become feed summaries keyed by the entry id", () => {
    expect(summaryFromBroadcast(message)).toEqual({
      id: 42,
      ts: message.ts,
      device_uuid: "d",
      method: "GET",
      host: "api.example",
      path: "/x",
      status: 200,
      source: "vpn",
      duration_ms: 12.5,
      response_size: 512,
    });
  });

  it("accept a failed capture and a message without a size", () => {
    const { response_size: _, ...withoutSize } = message;
    expect(summaryFromBroadcast({ ...withoutSize, status: null, duration_ms: null })).toMatchObject({
      status: null,
      response_size: null,
    });
  });

  it("drop malformed messages", () => {
    expect(summaryFromBroadcast({ ...message, entry_id: "42" })).toBeNull();
    expect(summaryFromBroadcast(null)).toBeNull();
  });

  it("drop each kind of bad field, whatever else is right", () => {
    const bad: Record<string, unknown>[] = [
      { entry_id: 0 },
      { entry_id: -3 },
      { entry_id: 4.5 },
      { entry_id: 2 ** 60 },
      { ts: 1 },
      { device_uuid: null },
      { method: undefined },
      { host: 7 },
      { path: null },
      { status: "200" },
      { status: 200.5 },
      { source: undefined },
      { duration_ms: "12" },
      { duration_ms: Infinity },
      { response_size: "512" },
    ];
    for (const patch of bad) expect(summaryFromBroadcast({ ...message, ...patch }), JSON.stringify(patch)).toBeNull();
    expect(summaryFromBroadcast([message])).toBeNull();
    expect(summaryFromBroadcast("entry")).toBeNull();
  });

  it("carry only the summary's fields into the feed, a null host and size as null", () => {
    const summary = summaryFromBroadcast({ ...message, host: null, response_size: null, payload: { secret: 1 } });
    expect(summary).toEqual({
      id: 42,
      ts: message.ts,
      device_uuid: "d",
      method: "GET",
      host: null,
      path: "/x",
      status: 200,
      source: "vpn",
      duration_ms: 12.5,
      response_size: null,
    });
  });
});

describe("live topics", () => {
  const me = "u-me";
  const member = { userId: me, fleet: false };
  const admin = { userId: me, fleet: true };
  const owned = (...owners: string[]) => owners.map((owner_user_id) => ({ owner_user_id }));

  it("follow the chosen workspace, whoever is looking and whatever is loaded", () => {
    expect(livePlan("w1", member, undefined)).toEqual({ topics: ["ws:w1"], coverage: { kind: "complete" } });
    expect(livePlan("w1", admin, undefined)).toEqual({ topics: ["ws:w1"], coverage: { kind: "complete" } });
  });

  it("are the viewer's own owner topic under All for an own-scope role, without waiting for devices", () => {
    expect(livePlan(null, member, undefined)).toEqual({ topics: ["owner:u-me"], coverage: { kind: "complete" } });
    expect(livePlan(null, member, owned("u-me", "u-other"))).toEqual({
      topics: ["owner:u-me"],
      coverage: { kind: "complete" },
    });
  });

  it("wait for the fleet's devices, then cover each owner once, the viewer first, then by devices owned", () => {
    expect(livePlan(null, admin, undefined)).toEqual({ topics: null, coverage: { kind: "complete" } });
    // The viewer is listened to even with no device yet (a device they add is live at once).
    expect(livePlan(null, admin, [])).toEqual({ topics: ["owner:u-me"], coverage: { kind: "complete" } });
    expect(livePlan(null, admin, owned("u-b", "u-a", "u-me", "u-c", "u-c", "u-b", "u-c")).topics).toEqual([
      "owner:u-me",
      "owner:u-c",
      "owner:u-b",
      "owner:u-a",
    ]);
  });

  it("are the same list for the same fleet in any order, so a refetch does not re-subscribe", () => {
    const fleet = owned("u-b", "u-a", "u-c", "u-a");
    expect(livePlan(null, admin, [...fleet].reverse()).topics).toEqual(livePlan(null, admin, fleet).topics);
  });

  it("fall back to the viewer's own devices, and say so, when the fleet's devices failed to load", () => {
    expect(livePlan(null, admin, null)).toEqual({ topics: ["owner:u-me"], coverage: { kind: "own-only" } });
  });

  it("stop at the channel budget and report how many people are covered", () => {
    const others = Array.from({ length: 70 }, (_, i) => `u-${String(i).padStart(2, "0")}`);
    const withMine = livePlan(null, admin, owned(me, ...others));
    expect(withMine.topics).toHaveLength(MAX_OWNER_TOPICS);
    expect(withMine.topics?.[0]).toBe("owner:u-me");
    expect(withMine.topics?.at(-1)).toBe("owner:u-48");
    expect(withMine.coverage).toEqual({ kind: "capped", people: MAX_OWNER_TOPICS, owners: 71 });
    // A viewer without devices still has their slot, so one fewer person's devices are covered.
    expect(livePlan(null, admin, owned(...others)).coverage).toEqual({
      kind: "capped",
      people: MAX_OWNER_TOPICS - 1,
      owners: 70,
    });
    // Exactly at the budget nobody is left out.
    expect(livePlan(null, admin, owned(me, ...others.slice(0, MAX_OWNER_TOPICS - 1))).coverage).toEqual({
      kind: "complete",
    });
  });
});

describe("coverage note", () => {
  it("says nothing when every row arrives live, and plainly who is left out otherwise", () => {
    expect(coverageNote({ kind: "complete" })).toBeNull();
    expect(coverageNote({ kind: "capped", people: 50, owners: 71 })).toBe(
      "Live updates cover only 50 people's devices (of 71); the others' new captures show when you reload.",
    );
    expect(coverageNote({ kind: "own-only" })).toMatch(/^Live updates cover only your own devices/);
  });
});
