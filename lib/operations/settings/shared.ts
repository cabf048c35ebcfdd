import { z } from "zod";
import { iso } from "../fields";

/** Settings documents (valid_settings in 0004): breakpoints, env and service groups; other keys kept. */

export const breakpointRule = z
  .object({
    pattern: z.string().trim().min(1).max(500).describe("URL pattern to hold, e.g. 'api.example.com/v1/login*'"),
    phase: z.enum(["request", "response", "both"]).default("request"),
    methods: z
      .array(
        z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^[A-Z][A-Z0-9_-]{0,31}$/),
      )
      .max(10)
      .optional(),
    enabled: z.boolean().default(true),
  })
  .strict();

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "letters, digits and _, not starting with a digit");

/** A change to a settings document: each key given replaces (env merges; env_unset removes). */
export const settingsPatch = {
  breakpoints: z.array(breakpointRule).max(200).optional().describe("The complete new list of breakpoint rules"),
  env: z
    .record(envName, z.string().max(4_000))
    .optional()
    .describe("Environment variables to set (merged into the existing ones)"),
  env_unset: z.array(envName).max(200).optional().describe("Environment variable names to remove"),
  service_group_ids: z
    .array(z.uuid())
    .max(200)
    .optional()
    .describe("The complete new list of service groups whose domains are decrypted"),
};

export type SettingsPatch = { [K in keyof typeof settingsPatch]?: z.output<(typeof settingsPatch)[K]> };

export const PATCH_KEYS = ["breakpoints", "env", "env_unset", "service_group_ids"] as const;

export function applyPatch(data: Record<string, unknown>, patch: SettingsPatch): Record<string, unknown> {
  const next = { ...data };
  if (patch.breakpoints) next.breakpoints = patch.breakpoints;
  if (patch.service_group_ids) next.service_group_ids = [...new Set(patch.service_group_ids)];
  if (patch.env || patch.env_unset) {
    const env = { ...((data.env as Record<string, string> | undefined) ?? {}), ...(patch.env ?? {}) };
    for (const name of patch.env_unset ?? []) delete env[name];
    next.env = env;
  }
  return next;
}

export const settingsDocument = z.object({
  data: z.record(z.string(), z.unknown()),
  updated_at: z.string().nullable(),
  updated_by: z.string().nullable(),
});

export const toDocument = (row: {
  data: Record<string, unknown>;
  updated_at: Date | null;
  updated_by: string | null;
}) => ({
  data: row.data,
  updated_at: iso(row.updated_at),
  updated_by: row.updated_by,
});
