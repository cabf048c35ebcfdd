import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS } from "./filters";
import { matchLive } from "./live-match";
import type { EntrySummary } from "./types";

const D1 = "1b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d02";
const row: EntrySummary = {
  id: 1,
  ts: "2026-11-22T10:00:00Z",
  device_uuid: D1,
  method: "POST",
  host: "api.acme-shop.com",
  path: "/v2/auth/login",
  status: 401,
  source: "vpn",
  duration_ms: 12,
  response_size: 40,
};

describe("live rows against the filters", () => {
  it("admits everything without filters", () => {
    expect(matchLive(row, EMPTY_FILTERS)).toBe("yes");
  });

  it("rejects on device, host, method and status class", () => {
    expect(matchLive(row, { ...EMPTY_FILTERS, devices: ["2b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d03"] })).toBe("no");
    expect(matchLive(row, { ...EMPTY_FILTERS, hosts: ["api.stripe.com"] })).toBe("no");
    expect(matchLive(row, { ...EMPTY_FILTERS, methods: ["GET"] })).toBe("no");
    // A capture arrives untagged, so a tag filter never takes a live row.
    expect(matchLive(row, { ...EMPTY_FILTERS, tags: ["2b6f1f9e-4a51-4c1e-9d0e-6f3b2a1c9d03"] })).toBe("no");
    expect(matchLive(row, { ...EMPTY_FILTERS, status: ["5xx"] })).toBe("no");
    expect(matchLive({ ...row, status: null }, { ...EMPTY_FILTERS, status: ["failed"] })).toBe("yes");
    expect(
      matchLive(row, {
        ...EMPTY_FILTERS,
        devices: [D1],
        hosts: ["api.acme-shop.com"],
        methods: ["POST"],
        status: ["4xx"],
      }),
    ).toBe("yes");
  });

  it("matches search in host or path, and leaves the rest of the URL to the server", () => {
    expect(matchLive(row, { ...EMPTY_FILTERS, q: "ACME-shop" })).toBe("yes");
    expect(matchLive(row, { ...EMPTY_FILTERS, q: "auth/log" })).toBe("yes");
    expect(matchLive(row, { ...EMPTY_FILTERS, q: "redirect_uri=" })).toBe("maybe");
    expect(matchLive(row, { ...EMPTY_FILTERS, q: "x", methods: ["GET"] })).toBe("no");
  });
});
