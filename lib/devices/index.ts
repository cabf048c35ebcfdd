export { normalisePairingCode } from "./codes";
export { issueDeviceToken, redeemPairingCode, type DeviceTokenResponse, type PairedDevice } from "./pairing";
