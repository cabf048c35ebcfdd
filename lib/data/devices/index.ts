import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";
import { allItems } from "../pages";
import type { Device } from "./fleet";

export { applyStatus, isOnline, mergeFleet, ONLINE_WINDOW_MS, type Device, type DeviceStatus } from "./fleet";

export const deviceKeys = {
  list: () => ["devices"] as const,
  settings: (uuid: string) => ["devices", uuid, "settings"] as const,
};

type Summary = OperationOutput<"list_devices">["items"][number];

function toDevice(summary: Summary): Device {
  return {
    uuid: summary.uuid,
    name: summary.name,
    os: summary.os,
    kind: summary.kind,
    owner_user_id: summary.owner_user_id,
    created_at: summary.created_at,
    status: summary.last_heartbeat_at
      ? {
          device_uuid: summary.uuid,
          last_heartbeat_at: summary.last_heartbeat_at,
          ip: summary.ip,
          vpn_state: summary.vpn_state,
          source: summary.source,
          country: summary.country,
        }
      : null,
  };
}

export async function fetchDevices(call: CallOperation): Promise<Device[]> {
  return (await allItems(call, "list_devices", {})).items.map(toDevice);
}

// Kept current by postgres_changes on devices and device_status while a page watches them.
export const devicesOptions = (call: CallOperation) =>
  queryOptions({ queryKey: deviceKeys.list(), queryFn: () => fetchDevices(call), staleTime: 5 * 60_000 });

export const deviceSettingsOptions = (call: CallOperation, uuid: string) =>
  queryOptions({
    queryKey: deviceKeys.settings(uuid),
    queryFn: async () => (await call("get_settings", { device_uuid: uuid })).effective ?? {},
    staleTime: 60_000,
  });

export const renameDevice = (call: CallOperation, uuid: string, name: string) =>
  call("update_device", { device_uuid: uuid, name });
