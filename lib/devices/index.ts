export { addDevice, newDeviceSchema, type AddedDevice, type NewDevice } from "./add-device";
export { normalisePairingCode } from "./codes";
export {
  createPairingCode,
  issueDeviceToken,
  redeemPairingCode,
  revokeDeviceCredentials,
  type DeviceTokenResponse,
  type PairedDevice,
  type PairingCode,
} from "./pairing";
