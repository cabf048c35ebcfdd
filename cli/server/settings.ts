import { z } from "zod";
import { DEFAULT_BODY_LIMIT_BYTES } from "../../lib/capture/traffic-log-entry";
import type { DeviceSession } from "./device-session";

/**
 * What the CLI reads from `effective_settings_for_device` (global settings overridden key by
 * key by the device's, service groups expanded into ssl_proxy_domains). Unknown keys are
 * kept by the server and ignored here; the CLI's own knobs have defaults.
 */
const breakpointRule = z.object({
  pattern: z.string().min(1),
  phase: z.enum(["request", "response", "both"]).default("request"),
  methods: z.array(z.string()).optional(),
  enabled: z.boolean().default(true),
});

export const effectiveSettingsSchema = z.object({
  ssl_proxy_domains: z.array(z.string()).default([]),
  breakpoints: z.array(z.unknown()).default([]),
  /** How long a hold waits for a resume, in seconds, and what happens then. */
  breakpoint_timeout_s: z.number().positive().max(86_400).default(300),
  breakpoint_timeout_action: z.enum(["continue", "abort"]).default("continue"),
  /** Bodies are kept up to this many bytes each (then truncated, flagged). */
  body_limit_bytes: z
    .number()
    .int()
    .min(0)
    .max(16 * 1024 * 1024)
    .default(DEFAULT_BODY_LIMIT_BYTES),
});

export type BreakpointRule = z.infer<typeof breakpointRule>;
export type EffectiveSettings = Omit<z.infer<typeof effectiveSettingsSchema>, "breakpoints"> & {
  breakpoints: BreakpointRule[];
  /** Rules the CLI could not read, so a person can be told. */
  ignoredBreakpoints: number;
};

export const DEFAULT_SETTINGS: EffectiveSettings = {
  ...effectiveSettingsSchema.parse({}),
  breakpoints: [],
  ignoredBreakpoints: 0,
};

export function parseSettings(data: unknown): EffectiveSettings {
  const base = effectiveSettingsSchema.parse(data ?? {});
  const rules = base.breakpoints.map((rule) => breakpointRule.safeParse(rule));
  return {
    ...base,
    breakpoints: rules.flatMap((rule) => (rule.success && rule.data.enabled ? [rule.data] : [])),
    ignoredBreakpoints: rules.filter((rule) => !rule.success).length,
  };
}

export async function fetchSettings(session: DeviceSession): Promise<EffectiveSettings> {
  return parseSettings(await session.rpc("effective_settings_for_device", { target_uuid: session.uuid }));
}
