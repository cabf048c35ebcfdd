import { z } from "zod";
import { notFound, AppError } from "@/lib/errors";
import { requireOneOf, uuidField } from "../fields";
import { defineOperation, type Db } from "../types";
import { assertUnchanged, expectedUpdatedAt } from "../versions";
import { applyPatch, PATCH_KEYS, settingsDocument, settingsPatch, toDocument } from "./shared";

type DocRow = { data: Record<string, unknown>; updated_at: Date | null; updated_by: string | null };

async function assertDeviceInScope(db: Db, deviceUuid: string): Promise<void> {
  const [row] = await db.query<{ ok: boolean }>("SELECT public.device_in_scope($1) AS ok", [deviceUuid]);
  if (!row.ok) throw notFound(`Device ${deviceUuid}`, "List your devices with list_devices.");
}

async function effective(db: Db, deviceUuid: string): Promise<Record<string, unknown>> {
  const [row] = await db.query<{ data: Record<string, unknown> }>(
    "SELECT public.effective_settings_for_device($1) AS data",
    [deviceUuid],
  );
  return row.data;
}

export const getSettings = defineOperation({
  name: "get_settings",
  title: "Get settings",
  description:
    "The global settings every device starts from (breakpoint rules, environment variables, service groups to decrypt). With device_uuid, also that device's " +
    "own overrides and its effective settings: global overridden key by key by the device's, with the service groups' domains expanded into ssl_proxy_domains.",
  domain: "settings",
  input: z
    .object({ device_uuid: z.uuid().optional().describe("A device, to see its overrides and effective settings") })
    .strict(),
  output: z.object({
    global: settingsDocument,
    device: settingsDocument.nullable().optional().describe("The device's overrides; null when it has none"),
    effective: z.record(z.string(), z.unknown()).optional().describe("What the device actually receives"),
  }),
  capabilities: [{ section: "settings", action: "view" }],
  readOnly: true,
  destructive: false,
  idempotent: true,
  example: { device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f" },
  async handler({ device_uuid }, { db }) {
    const [global] = await db.query<DocRow>(
      "SELECT data, updated_at, updated_by FROM public.settings_global WHERE id = 1",
    );
    if (!device_uuid) return { global: toDocument(global) };
    await assertDeviceInScope(db, device_uuid);
    const [device] = await db.query<DocRow>(
      "SELECT data, updated_at, updated_by FROM public.settings_device WHERE device_uuid = $1",
      [device_uuid],
    );
    return {
      global: toDocument(global),
      device: device ? toDocument(device) : null,
      effective: await effective(db, device_uuid),
    };
  },
});

export const updateGlobalSettings = defineOperation({
  name: "update_global_settings",
  title: "Update global settings",
  description:
    "Changes the global settings every device receives (unless a device overrides a key): breakpoints and service_group_ids replace their lists, " +
    "env merges variables and env_unset removes them. Needs a fleet role, since it reaches every device. Devices are told at once. " +
    "Pass the updated_at you loaded as expected_updated_at to refuse (CONFLICT) instead of overwriting a newer change.",
  domain: "settings",
  input: z
    .object({ ...settingsPatch, expected_updated_at: expectedUpdatedAt })
    .strict()
    .superRefine(requireOneOf(PATCH_KEYS)),
  output: settingsDocument,
  capabilities: [{ section: "settings", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: {
    breakpoints: [{ pattern: "api.example.com/v1/login*", phase: "request" }],
    env: { API_BASE: "https://staging.example.com" },
  },
  async handler(input, { db, role }) {
    const [current] = await db.query<DocRow>(
      "SELECT data, updated_at, updated_by FROM public.settings_global WHERE id = 1 FOR UPDATE",
    );
    if (!current || role.role?.scope !== "fleet") {
      throw new AppError(
        "FORBIDDEN",
        "Global settings reach every device, so changing them needs a role with fleet scope.",
        "Change this device's own settings with update_device_settings instead.",
      );
    }
    if (current.updated_at) assertUnchanged("The global settings", current.updated_at, input.expected_updated_at);
    const [row] = await db.query<DocRow>(
      `UPDATE public.settings_global SET data = $1::jsonb, updated_by = auth.uid(),
         updated_at = greatest(now(), coalesce(updated_at, now()) + interval '1 millisecond')
       WHERE id = 1 RETURNING data, updated_at, updated_by`,
      [JSON.stringify(applyPatch(current.data, input))],
    );
    return toDocument(row);
  },
});

export const updateDeviceSettings = defineOperation({
  name: "update_device_settings",
  title: "Update a device's settings",
  description:
    "Changes one device's own settings, which override the global ones key by key: breakpoints and service_group_ids replace their lists, env merges " +
    "variables and env_unset removes them; inherit lists keys to stop overriding (the device takes global's again); clear=true drops every override. " +
    "The device is told at once. Pass the updated_at you loaded as expected_updated_at to refuse (CONFLICT) instead of overwriting a newer change.",
  domain: "settings",
  input: z
    .object({
      device_uuid: uuidField("The device"),
      ...settingsPatch,
      inherit: z
        .array(z.enum(["breakpoints", "env", "service_group_ids"]))
        .max(3)
        .optional()
        .describe("Keys the device stops overriding, taking the global value again"),
      clear: z.boolean().optional().describe("Remove all of the device's overrides"),
      expected_updated_at: expectedUpdatedAt.describe(
        "The device settings' updated_at you loaded (omit when it had none); a newer one answers CONFLICT",
      ),
    })
    .strict()
    .superRefine(requireOneOf([...PATCH_KEYS, "inherit", "clear"])),
  output: z.object({ device: settingsDocument.nullable(), effective: z.record(z.string(), z.unknown()) }),
  capabilities: [{ section: "settings", action: "edit" }],
  readOnly: false,
  destructive: true,
  idempotent: true,
  example: {
    device_uuid: "6f1c2f5e-0b7a-4d55-9a2e-3c1d2b4a5e6f",
    breakpoints: [{ pattern: "*.stripe.com/v1/payment_intents*", phase: "response" }],
  },
  async handler(input, { db }) {
    await assertDeviceInScope(db, input.device_uuid);
    if (input.expected_updated_at !== undefined) {
      const [row] = await db.query<{ updated_at: Date }>(
        "SELECT updated_at FROM public.settings_device WHERE device_uuid = $1 FOR UPDATE",
        [input.device_uuid],
      );
      // Deleted since (cleared): that is a change too.
      assertUnchanged("This device's settings", row?.updated_at ?? new Date(0), input.expected_updated_at);
    }
    if (input.clear) {
      await db.query("DELETE FROM public.settings_device WHERE device_uuid = $1", [input.device_uuid]);
      return { device: null, effective: await effective(db, input.device_uuid) };
    }
    const [current] = await db.query<DocRow>(
      "SELECT data, updated_at, updated_by FROM public.settings_device WHERE device_uuid = $1 FOR UPDATE",
      [input.device_uuid],
    );
    const next = applyPatch(current?.data ?? {}, input);
    for (const key of input.inherit ?? []) delete next[key];
    const [row] = await db.query<DocRow>(
      `INSERT INTO public.settings_device (device_uuid, data, updated_at, updated_by) VALUES ($1, $2::jsonb, now(), auth.uid())
       ON CONFLICT (device_uuid) DO UPDATE SET data = EXCLUDED.data, updated_by = auth.uid(),
         updated_at = greatest(now(), settings_device.updated_at + interval '1 millisecond')
       RETURNING data, updated_at, updated_by`,
      [input.device_uuid, JSON.stringify(next)],
    );
    return { device: toDocument(row), effective: await effective(db, input.device_uuid) };
  },
});
