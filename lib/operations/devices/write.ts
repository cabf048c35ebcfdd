import { z } from "zod";
import { notFound } from "@/lib/errors";
import { requireOneOf, uuidField } from "../fields";
import { defineOperation } from "../types";
import { DEVICE_COLUMNS, DEVICE_KINDS, deviceSummary, toDeviceSummary, type DeviceRow } from "./shared";

const notYours = (uuid: string) =>
  notFound(
    `Device ${uuid}`,
    "You can change only devices you own (or any, with a fleet role); list_devices shows them.",
  );

export const updateDevice = defineOperation({
  name: "update_device",
  title: "Rename or update a device",
  description:
    "Renames a device, or changes its OS label or kind. Only the fields you pass change. Works on devices you own (any device with a fleet role).",
  domain: "devices",
  input: z
    .object({
      device_uuid: uuidField("The device to change"),
      name: z.string().trim().min(1).max(100).optional().describe("New display name"),
      os: z.string().trim().max(100).nullable().optional().describe("OS label, e.g. 'iOS 26.1'; null clears it"),
      kind: z.enum(DEVICE_KINDS).optional(),
    })
    .strict()
    .superRefine(requireOneOf(["name", "os", "kind"])),
  output: deviceSummary,
  capabilities: [{ section: "devices", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f", name: "Test iPhone" },
  async handler(input, { db }) {
    const [row] = await db.query<DeviceRow>(
      `WITH changed AS (
         UPDATE public.devices SET
           name = coalesce($2, name),
           os = CASE WHEN $3 THEN $4 ELSE os END,
           kind = coalesce($5, kind),
           updated_at = now()
         WHERE uuid = $1 RETURNING *)
       SELECT ${DEVICE_COLUMNS} FROM changed d LEFT JOIN public.device_status s ON s.device_uuid = d.uuid`,
      [input.device_uuid, input.name ?? null, input.os !== undefined, input.os ?? null, input.kind ?? null],
    );
    if (!row) throw notYours(input.device_uuid);
    return toDeviceSummary(row);
  },
});

export const deleteDevice = defineOperation({
  name: "delete_device",
  title: "Delete a device",
  description:
    "Deletes a device together with ALL its captures, heartbeats, settings and breakpoint records. This cannot be undone. " +
    "To only stop a device from uploading, use revoke_device_credentials instead.",
  domain: "devices",
  input: z.object({ device_uuid: uuidField("The device to delete") }).strict(),
  output: z.object({ deleted: z.literal(true), device_uuid: z.string(), name: z.string() }),
  capabilities: [{ section: "devices", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f" },
  async handler({ device_uuid }, { db }) {
    const [row] = await db.query<{ uuid: string; name: string }>(
      "DELETE FROM public.devices WHERE uuid = $1 RETURNING uuid, name",
      [device_uuid],
    );
    if (!row) throw notYours(device_uuid);
    return { deleted: true as const, device_uuid: row.uuid, name: row.name };
  },
});
