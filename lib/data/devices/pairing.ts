import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";

/** Adding and pairing devices: the operations add_device, create_pairing_code and revoke_device_credentials. */
export type AddedDevice = OperationOutput<"add_device">;
/** A one-time code and when it expires (both operations answer at least this). */
export type PairingCode = OperationOutput<"add_device">["pairing"];
export type DeviceKind = NonNullable<OperationInput<"add_device">["kind"]>;

export const addDevice = (call: CallOperation, input: OperationInput<"add_device">) => call("add_device", input);

export const newPairingCode = (call: CallOperation, uuid: string) => call("create_pairing_code", { device_uuid: uuid });

export const revokeCredentials = (call: CallOperation, uuid: string) =>
  call("revoke_device_credentials", { device_uuid: uuid });

/** What the person types on the device: the CLI's command, or the raw HTTP call any client can make. */
export function pairingCommands(code: string, origin: string): { cli: string; http: string } {
  return {
    cli: `busymate pair ${code}`,
    http: `curl -X POST '${origin}/api/devices/pair' -H 'content-type: application/json' -d '{"code":"${code}"}'`,
  };
}
