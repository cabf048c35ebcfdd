import type pg from "pg";
import { z } from "zod";
import { withClaims, type Claims } from "@/lib/db/with-claims";
import { AppError } from "@/lib/errors/http";
import type { PairingCode } from "./pairing";

export const newDeviceSchema = z.object({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(["ios", "android", "macos", "proxy", "cli", "browser", "other"]).default("other"),
  os: z.string().max(100).optional(),
});

export type NewDevice = z.infer<typeof newDeviceSchema>;

export interface AddedDevice {
  device: { uuid: string; name: string; kind: string; os: string | null; owner_user_id: string; created_at: string };
  pairing: PairingCode;
}

/**
 * Adds a device owned by the caller and returns its first pairing code, in one transaction
 * as the caller: RLS decides whether they may (devices:edit, a token that may write).
 */
export async function addDevice(pool: pg.Pool, claims: Claims, input: NewDevice): Promise<AddedDevice> {
  try {
    return await withClaims(pool, claims, async (client) => {
      const { rows } = await client.query<AddedDevice["device"] & { created_at: Date }>(
        "INSERT INTO public.devices (name, kind, os, owner_user_id) VALUES ($1, $2, $3, auth.uid()) RETURNING uuid, name, kind, os, owner_user_id, created_at",
        [input.name, input.kind, input.os ?? null],
      );
      const device = { ...rows[0], created_at: rows[0].created_at.toISOString() };
      const code = await client.query<{ code: string; expires_at: Date }>(
        "SELECT code, expires_at FROM public.create_device_pairing_code($1)",
        [device.uuid],
      );
      return { device, pairing: { code: code.rows[0].code, expires_at: code.rows[0].expires_at.toISOString() } };
    });
  } catch (error) {
    if ((error as { code?: string }).code === "42501") {
      throw new AppError(
        "FORBIDDEN",
        "Your role or token may not add devices.",
        "Adding a device needs the devices:edit capability and a read-write token.",
      );
    }
    throw error;
  }
}
