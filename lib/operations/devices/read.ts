import { z } from "zod";
import { notFound } from "@/lib/errors";
import { iso, isoRequired, timestamp, uuidField } from "../fields";
import { cursorField, limitField, offsetOf, pageOf, toPage } from "../pagination";
import { defineOperation } from "../types";
import { DEVICE_COLUMNS, DEVICE_FROM, deviceSummary, likeTerm, toDeviceSummary, type DeviceRow } from "./shared";

export const listDevices = defineOperation({
  name: "list_devices",
  title: "List devices",
  description:
    "Lists the capture devices you can see (your own; everyone's with a fleet role), sorted by name, with online state (heartbeat within 90 s), " +
    "capture source and VPN state. Filter by a name fragment, by online state, or to your own devices. Paginated: follow next_cursor.",
  domain: "devices",
  input: z
    .object({
      name: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe("Only devices whose name contains this (case-insensitive)"),
      online: z.boolean().optional().describe("true: only online devices; false: only offline ones"),
      mine_only: z.boolean().default(false).describe("Only devices you own (matters for fleet roles)"),
      limit: limitField(),
      cursor: cursorField,
    })
    .strict(),
  output: pageOf(deviceSummary),
  capabilities: [{ section: "devices", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { online: true, limit: 20 },
  async handler(input, { db }) {
    const offset = offsetOf("list_devices", input.cursor);
    const rows = await db.query<DeviceRow>(
      `SELECT ${DEVICE_COLUMNS} FROM ${DEVICE_FROM}
       WHERE ($1::text IS NULL OR d.name ILIKE $1)
         AND ($2::boolean IS NULL OR coalesce(s.last_heartbeat_at > now() - interval '90 seconds', false) = $2)
         AND (NOT $3 OR d.owner_user_id = auth.uid())
       ORDER BY d.name, d.uuid OFFSET $4 LIMIT $5`,
      [input.name ? likeTerm(input.name) : null, input.online ?? null, input.mine_only, offset, input.limit + 1],
    );
    return toPage("list_devices", rows, input.limit, toDeviceSummary, () => ({ offset: offset + input.limit }));
  },
});

export const deviceDetail = deviceSummary.extend({
  setup: z.record(z.string(), z.unknown()).describe("How the device was set up (app version, proxy mode…)"),
  updated_at: timestamp,
  last_capture_at: z.string().nullable().describe("When its newest capture was taken (null without entries:view)"),
  has_settings_override: z.boolean().describe("Whether it has device settings overriding the global ones"),
});

export const getDevice = defineOperation({
  name: "get_device",
  title: "Get a device",
  description:
    "One device in detail: identity, owner, live connection (online, IP, VPN state, country), setup, its newest capture time, and whether it overrides global settings.",
  domain: "devices",
  input: z.object({ device_uuid: uuidField("The device's uuid (from list_devices)") }).strict(),
  output: deviceDetail,
  capabilities: [{ section: "devices", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f" },
  async handler({ device_uuid }, { db }) {
    const [row] = await db.query<
      DeviceRow & {
        setup: Record<string, unknown>;
        updated_at: Date;
        override: boolean;
        last_capture_at: Date | null;
      }
    >(
      `SELECT ${DEVICE_COLUMNS}, d.setup, d.updated_at,
              EXISTS (SELECT 1 FROM public.settings_device sd WHERE sd.device_uuid = d.uuid) AS override,
              (SELECT e.ts FROM public.entries e WHERE e.device_uuid = d.uuid ORDER BY e.id DESC LIMIT 1) AS last_capture_at
       FROM ${DEVICE_FROM} WHERE d.uuid = $1`,
      [device_uuid],
    );
    if (!row) throw notFound(`Device ${device_uuid}`, "List your devices with list_devices to find its uuid.");
    return {
      ...toDeviceSummary(row),
      setup: row.setup,
      updated_at: isoRequired(row.updated_at),
      last_capture_at: iso(row.last_capture_at),
      has_settings_override: row.override,
    };
  },
});
