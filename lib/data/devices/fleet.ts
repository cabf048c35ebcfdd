import type { Tables } from "@/lib/supabase/database.types";

/**
 * The fleet as the person may see it (RLS: their own devices, or all for fleet scope), in the
 * shape live patches need: each device with its latest heartbeat row, never going back in time.
 */
/** A heartbeat row as postgres_changes delivers it (the columns the fleet shows). */
export type DeviceStatus = Pick<
  Tables<"device_status">,
  "device_uuid" | "last_heartbeat_at" | "ip" | "vpn_state" | "source" | "country"
>;

export interface Device {
  uuid: string;
  name: string;
  os: string | null;
  kind: string;
  owner_user_id: string;
  created_at: string;
  status: DeviceStatus | null;
}

/** A device counts as online while its last heartbeat is this recent (as online() in SQL). */
export const ONLINE_WINDOW_MS = 90_000;

export function isOnline(status: DeviceStatus | null, now: number): boolean {
  if (!status) return false;
  return now - new Date(status.last_heartbeat_at).getTime() < ONLINE_WINDOW_MS;
}

const heartbeatOf = (status: DeviceStatus | null) =>
  status ? new Date(status.last_heartbeat_at).getTime() : -Infinity;

/** The later of two statuses of one device: an event and a fetch may arrive in either order. */
export function newerStatus(a: DeviceStatus | null, b: DeviceStatus | null): DeviceStatus | null {
  return heartbeatOf(b) > heartbeatOf(a) ? b : a;
}

/** Applies a device_status row from postgres_changes to the cached fleet (never going back in time). */
export function applyStatus(devices: Device[] | undefined, status: DeviceStatus): Device[] | undefined {
  if (!devices) return devices;
  let changed = false;
  const next = devices.map((d) => {
    if (d.uuid !== status.device_uuid || newerStatus(d.status, status) !== status) return d;
    changed = true;
    return { ...d, status: { ...d.status, ...status } };
  });
  return changed ? next : devices;
}

/**
 * A freshly fetched fleet merged with the cached one: the fetch decides which devices exist and
 * their names; each status is the later of the two, so a fetch that started before a heartbeat
 * event cannot undo it.
 */
export function mergeFleet(cached: Device[] | undefined, fresh: Device[]): Device[] {
  const before = new Map((cached ?? []).map((d) => [d.uuid, d.status]));
  return fresh.map((d) => ({ ...d, status: newerStatus(d.status, before.get(d.uuid) ?? null) }));
}
