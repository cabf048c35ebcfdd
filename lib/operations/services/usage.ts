import { z } from "zod";
import { uuidField } from "../fields";
import { defineOperation } from "../types";
import { groupNotFound } from "./write";

/**
 * Where a service group is in use: the devices whose effective settings list it. Settings merge
 * key by key (merge_settings, 0005), so a device's own service_group_ids replaces the global
 * list entirely; the answer says which of the two each device's comes from.
 */
export const serviceGroupUsage = defineOperation({
  name: "service_group_usage",
  title: "Where a service group is used",
  description:
    "The devices (that you can see) whose effective settings include this service group, and whether each gets it from the global settings or its own. " +
    "A device with its own service_group_ids does not inherit the global list.",
  domain: "services",
  input: z.object({ group_id: uuidField("The service group (from list_service_groups)") }).strict(),
  output: z.object({
    in_global: z.boolean().describe("The global settings list it"),
    devices: z.array(
      z
        .object({ device_uuid: z.string(), name: z.string(), via: z.enum(["global", "device"]) })
        .describe("A device using it"),
    ),
  }),
  capabilities: [
    { section: "services", action: "view" },
    { section: "settings", action: "view" },
    { section: "devices", action: "view" },
  ],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { group_id: "3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d" },
  async handler({ group_id }, { db }) {
    const group = await db.query("SELECT 1 FROM public.service_groups WHERE id = $1", [group_id]);
    if (group.length === 0) throw groupNotFound(group_id);
    const [global] = await db.query<{ listed: boolean }>(
      "SELECT coalesce((SELECT data -> 'service_group_ids' ? $1 FROM public.settings_global WHERE id = 1), false) AS listed",
      [group_id],
    );
    const devices = await db.query<{ device_uuid: string; name: string; via: "global" | "device" }>(
      `SELECT d.uuid AS device_uuid, d.name, CASE WHEN s.data ? 'service_group_ids' THEN 'device' ELSE 'global' END AS via
       FROM public.devices d LEFT JOIN public.settings_device s ON s.device_uuid = d.uuid
       WHERE CASE WHEN s.data ? 'service_group_ids' THEN s.data -> 'service_group_ids' ? $1 ELSE $2 END
       ORDER BY d.name, d.uuid LIMIT 500`,
      [group_id, global.listed],
    );
    return { in_global: global.listed, devices };
  },
});
