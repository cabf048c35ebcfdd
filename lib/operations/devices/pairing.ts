import { z } from "zod";
import { isoRequired, timestamp, uuidField } from "../fields";
import { AppError } from "@/lib/errors";
import { defineOperation, type Db } from "../types";
import { DEVICE_KINDS } from "./shared";

/**
 * Pairing through operations: the same SQL functions lib/devices uses
 * (create_device_pairing_code, revoke_device_credentials in 0008_identity.sql), run inside the
 * operation's own transaction as the caller, so they need no pool of their own.
 */

export const newDeviceSchema = z.object({
  name: z.string().trim().min(1).max(100).describe("What people will call it, e.g. 'QA iPhone 15'"),
  kind: z.enum(DEVICE_KINDS).default("other"),
  os: z.string().max(100).optional(),
});

const pairing = z.object({
  code: z.string().describe("One-time code (10 minutes, single use) to enter in the device's app or `busymate pair`"),
  expires_at: timestamp,
});

async function newPairingCode(db: Db, deviceUuid: string) {
  try {
    const [row] = await db.query<{ code: string; expires_at: Date }>(
      "SELECT code, expires_at FROM public.create_device_pairing_code($1)",
      [deviceUuid],
    );
    return { code: row.code, expires_at: isoRequired(row.expires_at) };
  } catch (error) {
    throw notYoursIfRefused(error, deviceUuid);
  }
}

function notYoursIfRefused(error: unknown, deviceUuid: string): unknown {
  if ((error as { code?: string }).code !== "42501") return error;
  return new AppError(
    "NOT_FOUND",
    `Device ${deviceUuid} was not found among the devices you may manage.`,
    "List your devices with list_devices; you may pair only your own (any, with a fleet role).",
  );
}

export const addDevice = defineOperation({
  name: "add_device",
  title: "Add a device",
  description:
    "Registers a new device owned by you and returns its first one-time pairing code (valid 10 minutes, single use). " +
    "Give the code to the device (the iOS app's pairing screen, or `busymate pair <code>` for the CLI) to connect it.",
  domain: "devices",
  input: newDeviceSchema.strict(),
  output: z.object({
    device: z.object({
      uuid: z.string(),
      name: z.string(),
      kind: z.string(),
      os: z.string().nullable(),
      owner_user_id: z.string(),
      created_at: timestamp,
    }),
    pairing,
  }),
  capabilities: [{ section: "devices", action: "edit" }],
  readOnly: false,
  destructive: false,
  idempotent: false,
  example: { name: "QA iPhone 15", kind: "ios", os: "iOS 26.1" },
  async handler(input, { db }) {
    const [device] = await db.query<{
      uuid: string;
      name: string;
      kind: string;
      os: string | null;
      owner_user_id: string;
      created_at: Date;
    }>(
      "INSERT INTO public.devices (name, kind, os, owner_user_id) VALUES ($1, $2, $3, auth.uid()) RETURNING uuid, name, kind, os, owner_user_id, created_at",
      [input.name, input.kind, input.os ?? null],
    );
    return {
      device: { ...device, created_at: isoRequired(device.created_at) },
      pairing: await newPairingCode(db, device.uuid),
    };
  },
});

export const createPairingCode = defineOperation({
  name: "create_pairing_code",
  title: "Pair a device",
  description:
    "Issues a new one-time pairing code (10 minutes, single use) for an existing device, e.g. after reinstalling the app. " +
    "Earlier unused codes of that device stop working; pairing again replaces the device's previous credential.",
  domain: "devices",
  input: z.object({ device_uuid: uuidField("The device to pair") }).strict(),
  output: pairing.extend({ device_uuid: z.string() }),
  capabilities: [{ section: "devices", action: "edit" }],
  readOnly: false,
  // Not additive: the device's earlier unused codes are deleted.
  destructive: true,
  idempotent: false,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f" },
  async handler({ device_uuid }, { db }) {
    return { device_uuid, ...(await newPairingCode(db, device_uuid)) };
  },
});

export const revokeDeviceCredentials = defineOperation({
  name: "revoke_device_credentials",
  title: "Revoke a device",
  description:
    "Unpairs a device: revokes every credential it holds and any unused pairing code. It can no longer upload captures " +
    "(tokens it already has expire within 15 minutes); its captures stay. Pair it again with create_pairing_code.",
  domain: "devices",
  input: z.object({ device_uuid: uuidField("The device to unpair") }).strict(),
  output: z.object({ device_uuid: z.string(), revoked: z.number().describe("How many live credentials were revoked") }),
  capabilities: [{ section: "devices", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f" },
  async handler({ device_uuid }, { db }) {
    try {
      const [row] = await db.query<{ n: number }>("SELECT public.revoke_device_credentials($1) AS n", [device_uuid]);
      return { device_uuid, revoked: row.n };
    } catch (error) {
      throw notYoursIfRefused(error, device_uuid);
    }
  },
});
