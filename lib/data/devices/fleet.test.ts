import { describe, expect, it } from "vitest";
import { applyStatus, isOnline, mergeFleet, type Device, type DeviceStatus } from "./fleet";

const status = (uuid: string, at: string): DeviceStatus => ({
  device_uuid: uuid,
  last_heartbeat_at: at,
  ip: null,
  vpn_state: null,
  source: null,
  country: null,
});
const device = (uuid: string, s: DeviceStatus | null): Device => ({
  uuid,
  name: uuid,
  os: null,
  kind: "ios",
  owner_user_id: "o",
  created_at: "2026-11-22T00:00:00Z",
  status: s,
});

describe("fleet state", () => {
  it("is online while the last heartbeat is under 90 s old", () => {
    const now = Date.parse("2026-11-22T12:00:00Z");
    expect(isOnline(status("a", "2026-11-22T11:58:31Z"), now)).toBe(true);
    expect(isOnline(status("a", "2026-11-22T11:58:29Z"), now)).toBe(false);
    expect(isOnline(null, now)).toBe(false);
  });

  it("applies a heartbeat, but never an older one", () => {
    const fleet = [device("a", status("a", "2026-11-22T10:00:00Z")), device("b", null)];
    const newer = applyStatus(fleet, status("a", "2026-11-22T10:05:00Z"));
    expect(newer?.[0].status?.last_heartbeat_at).toBe("2026-11-22T10:05:00Z");
    expect(applyStatus(newer, status("a", "2026-11-22T10:01:00Z"))).toBe(newer);
    expect(applyStatus(fleet, status("b", "2026-11-22T10:00:00Z"))?.[1].status).not.toBeNull();
  });

  it("lets a refetch that began before a heartbeat add devices without undoing the heartbeat", () => {
    const cached = [device("a", status("a", "2026-11-22T10:05:00Z"))];
    const fetched = [device("a", status("a", "2026-11-22T10:00:00Z")), device("c", null)];
    expect(mergeFleet(cached, fetched).map((d) => [d.uuid, d.status?.last_heartbeat_at ?? null])).toEqual([
      ["a", "2026-11-22T10:05:00Z"],
      ["c", null],
    ]);
  });
});
