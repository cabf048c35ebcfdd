import "server-only";
import type pg from "pg";
import { signToken, deviceTokenClaims } from "@/lib/auth/sign";
import { DEVICE_TOKEN_TTL_S } from "@/lib/auth/token-model";
import type { TokenKeys } from "@/lib/auth/token-keys";
import { AppError } from "@/lib/errors/http";
import { looksLikeCredential, newDeviceCredential, normalisePairingCode, sha256 } from "./codes";

/**
 * The device's side of pairing: it exchanges a one-time code for a long-lived credential, and
 * the credential buys short-lived device tokens (role `device`, sub = device_uuid = the
 * device). The owner's side (a code, revoking) is the operations add_device,
 * create_pairing_code and revoke_device_credentials; a revoked credential fails at its next
 * token request.
 */

const codeRefused = () =>
  new AppError(
    "UNAUTHORIZED",
    "The pairing code is not valid: it is unknown, already used or expired.",
    "Ask the device's owner for a new code in the dashboard (codes last 10 minutes and work once).",
  );

export interface PairedDevice {
  device_uuid: string;
  credential: string;
}

/**
 * Redeems a pairing code (once: the UPDATE that marks it used is the check) and issues the
 * device's credential. Earlier credentials of the device are revoked: a device paired again
 * (reinstalled, replaced) leaves no second live credential behind.
 */
export async function redeemPairingCode(pool: pg.Pool, input: string): Promise<PairedDevice> {
  const code = normalisePairingCode(input);
  if (!code) throw codeRefused();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ device_uuid: string }>(
      `UPDATE busymate_identity.device_pairing_codes SET used_at = now()
       WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now()
       RETURNING device_uuid`,
      [sha256(code)],
    );
    if (rows.length === 0) {
      await client.query("ROLLBACK");
      throw codeRefused();
    }
    const deviceUuid = rows[0].device_uuid;
    const credential = newDeviceCredential();
    await client.query(
      "UPDATE busymate_identity.device_credentials SET revoked_at = now() WHERE device_uuid = $1 AND revoked_at IS NULL",
      [deviceUuid],
    );
    await client.query("INSERT INTO busymate_identity.device_credentials (device_uuid, secret_hash) VALUES ($1, $2)", [
      deviceUuid,
      sha256(credential),
    ]);
    await client.query("COMMIT");
    return { device_uuid: deviceUuid, credential };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export interface DeviceTokenResponse {
  access_token: string;
  token_type: "bearer";
  expires_in: number;
  device_uuid: string;
}

const credentialRefused = () =>
  new AppError(
    "UNAUTHORIZED",
    "The device credential is not valid: it is unknown or was revoked.",
    "Pair the device again with a new code from its owner.",
  );

/** A short-lived device token for a live credential. */
export async function issueDeviceToken(
  pool: pg.Pool,
  credential: string,
  origin: string,
  keys: TokenKeys | string,
): Promise<DeviceTokenResponse> {
  if (!looksLikeCredential(credential)) throw credentialRefused();
  const { rows } = await pool.query<{ device_uuid: string }>(
    `UPDATE busymate_identity.device_credentials SET last_used_at = now()
     WHERE secret_hash = $1 AND revoked_at IS NULL
     RETURNING device_uuid`,
    [sha256(credential)],
  );
  if (rows.length === 0) throw credentialRefused();
  const deviceUuid = rows[0].device_uuid;
  const access_token = await signToken(deviceTokenClaims({ origin, deviceUuid }), keys);
  return { access_token, token_type: "bearer", expires_in: DEVICE_TOKEN_TTL_S, device_uuid: deviceUuid };
}
