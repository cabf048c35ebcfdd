import { callAppApi } from "../app-api";

/** Device pairing through the identity work's routes (lib/devices, app/api/devices/**). */
export interface PairingCode {
  code: string;
  expires_at: string;
}

export interface AddedDevice {
  device: { uuid: string; name: string; kind: string; os: string | null; owner_user_id: string; created_at: string };
  pairing: PairingCode;
}

export type DeviceKind = "ios" | "android" | "macos" | "proxy" | "cli" | "browser" | "other";

export const addDevice = (token: () => Promise<string>, input: { name: string; kind: DeviceKind; os?: string }) =>
  callAppApi<AddedDevice>(token, "/api/devices", { method: "POST", body: input });

export const newPairingCode = (token: () => Promise<string>, uuid: string) =>
  callAppApi<PairingCode>(token, `/api/devices/${uuid}/pairing-code`, { method: "POST" });

export const revokeCredentials = (token: () => Promise<string>, uuid: string) =>
  callAppApi<{ device_uuid: string; revoked: number }>(token, `/api/devices/${uuid}/credentials`, { method: "DELETE" });

/** What the person types on the device: the CLI's command, or the raw HTTP call any client can make. */
export function pairingCommands(code: string, origin: string): { cli: string; http: string } {
  return {
    cli: `busymate pair ${code}`,
    http: `curl -X POST '${origin}/api/devices/pair' -H 'content-type: application/json' -d '{"code":"${code}"}'`,
  };
}
