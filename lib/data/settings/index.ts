import { queryOptions } from "@tanstack/react-query";
import { breakpointRule } from "@/lib/operations/settings/shared";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";

export type SettingsAnswer = OperationOutput<"get_settings">;
export type SettingsDoc = SettingsAnswer["global"];

export const settingsKeys = {
  all: () => ["settings"] as const,
  of: (device: string | null) => ["settings", device ?? "global"] as const,
};

export const settingsOptions = (call: CallOperation, device: string | null) =>
  queryOptions({
    queryKey: settingsKeys.of(device),
    queryFn: () => call("get_settings", device ? { device_uuid: device } : {}),
    staleTime: 60_000,
  });

/** The recent captures the breakpoint tester tries patterns against. */
export const recentCapturesOptions = (call: CallOperation, device: string | null) =>
  queryOptions({
    queryKey: ["settings", "recent-captures", device ?? "all"] as const,
    queryFn: async () =>
      (await call("search_entries", { limit: 200, ...(device ? { device_uuids: [device] } : {}) })).items,
    staleTime: 30_000,
  });

export type Phase = "request" | "response" | "both";
export interface Rule {
  pattern: string;
  phase: Phase;
  /** Comma-separated as typed; empty means every method. */
  methods: string;
  enabled: boolean;
}

export const KEYS = ["breakpoints", "env", "service_group_ids"] as const;
export type Key = (typeof KEYS)[number];

/** A settings document as the form edits it. */
export interface Draft {
  breakpoints: Rule[];
  env: { name: string; value: string }[];
  service_group_ids: string[];
}

/** Which keys a device document sets (the others it takes from global). */
export type Overrides = Record<Key, boolean>;

type StoredRule = { pattern: string; phase?: Phase; methods?: string[]; enabled?: boolean };

export function draftOf(data: Record<string, unknown> | undefined | null): Draft {
  const rules = (Array.isArray(data?.breakpoints) ? data.breakpoints : []) as StoredRule[];
  const env = (data?.env && typeof data.env === "object" ? data.env : {}) as Record<string, string>;
  return {
    breakpoints: rules.map((r) => ({
      pattern: r.pattern,
      phase: r.phase ?? "request",
      methods: (r.methods ?? []).join(", "),
      enabled: r.enabled ?? true,
    })),
    env: Object.entries(env).map(([name, value]) => ({ name, value })),
    service_group_ids: Array.isArray(data?.service_group_ids) ? (data.service_group_ids as string[]) : [],
  };
}

export const overridesOf = (data: Record<string, unknown> | undefined | null): Overrides => ({
  breakpoints: data?.breakpoints !== undefined,
  env: data?.env !== undefined,
  service_group_ids: data?.service_group_ids !== undefined,
});

const methodsOf = (text: string) =>
  text
    .split(",")
    .map((m) => m.trim().toUpperCase())
    .filter(Boolean);

/** The document a draft stands for, as the database stores it. */
export function documentOf(draft: Draft, keys: Overrides = { breakpoints: true, env: true, service_group_ids: true }) {
  const out: Record<string, unknown> = {};
  if (keys.breakpoints)
    out.breakpoints = draft.breakpoints.map((r) => ({
      pattern: r.pattern.trim(),
      phase: r.phase,
      ...(methodsOf(r.methods).length ? { methods: methodsOf(r.methods) } : {}),
      enabled: r.enabled,
    }));
  if (keys.env) out.env = Object.fromEntries(draft.env.map((e) => [e.name.trim(), e.value]));
  if (keys.service_group_ids) out.service_group_ids = [...new Set(draft.service_group_ids)];
  return out;
}

const envName = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The first problem, naming its field as the operation would (breakpoints.2.pattern, env.API-KEY). */
export function draftProblem(draft: Draft): { field: string; message: string } | null {
  for (const [i, rule] of draft.breakpoints.entries()) {
    const parsed = breakpointRule.safeParse({
      pattern: rule.pattern,
      phase: rule.phase,
      ...(methodsOf(rule.methods).length ? { methods: methodsOf(rule.methods) } : {}),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = `breakpoints.${i}.${String(issue.path[0] ?? "pattern")}`;
      const message =
        issue.path[0] === "methods" ? "methods are HTTP method names, e.g. GET, POST" : "a pattern like host/path*";
      return { field, message: `Breakpoint ${i + 1} ${String(issue.path[0] ?? "pattern")}: ${message}` };
    }
  }
  if (draft.breakpoints.length > 200) return { field: "breakpoints", message: "Breakpoints: at most 200 rules." };
  const seen = new Set<string>();
  for (const { name, value } of draft.env) {
    const n = name.trim();
    if (!envName.test(n))
      return { field: `env.${n}`, message: `Variable "${n}": letters, digits and _, not starting with a digit.` };
    if (seen.has(n)) return { field: `env.${n}`, message: `Variable ${n}: given twice.` };
    if (value.length > 4000) return { field: `env.${n}`, message: `Variable ${n}: at most 4,000 characters.` };
    seen.add(n);
  }
  return null;
}

/** The write for a document: lists replace, env is sent whole (removed names unset). */
export function patchOf(draft: Draft, saved: Draft) {
  const doc = documentOf(draft);
  const before = new Set(saved.env.map((e) => e.name));
  const now = new Set(draft.env.map((e) => e.name.trim()));
  const unset = [...before].filter((n) => !now.has(n));
  return {
    breakpoints: doc.breakpoints as OperationInput<"update_global_settings">["breakpoints"],
    env: doc.env as Record<string, string>,
    ...(unset.length ? { env_unset: unset } : {}),
    service_group_ids: doc.service_group_ids as string[],
  };
}

/**
 * What a device receives, as merge_settings (0005) computes it: global overridden key by key by
 * the device's document, service groups' domains expanded into ssl_proxy_domains. Used to show
 * the effect of an edit before it is saved; after a save the server's own answer is shown.
 */
export function mergeEffective(
  global: Record<string, unknown>,
  device: Record<string, unknown>,
  deviceUuid: string,
  groupDomains: ReadonlyMap<string, readonly string[]>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...global, ...device };
  const ids = Array.isArray(merged.service_group_ids) ? (merged.service_group_ids as string[]) : [];
  const domains = [...new Set(ids.flatMap((id) => groupDomains.get(id) ?? []))].sort();
  return { ...merged, device_uuid: deviceUuid, ssl_proxy_domains: domains };
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");

/**
 * Whether a rule would have held a capture. The pattern is read against host + path (no scheme,
 * no query), `*` standing for any run of characters; a pattern without a `/` names hosts, any path.
 */
export function ruleHolds(
  rule: Pick<Rule, "pattern" | "methods">,
  capture: { method: string | null; host: string | null; path: string | null },
): boolean {
  const pattern = rule.pattern.trim();
  if (!pattern || !capture.host) return false;
  const methods = methodsOf(rule.methods);
  if (methods.length && !methods.includes((capture.method ?? "").toUpperCase())) return false;
  const target = `${capture.host}${capture.path ?? "/"}`;
  return glob(pattern.includes("/") ? pattern : `${pattern}/*`).test(target);
}

/** A device's write: overridden keys sent whole, keys no longer overridden inherited, the loaded version checked. */
export function deviceSettingsInput(
  device: string,
  base: SettingsDoc | null,
  draft: Draft,
  overrides: Overrides,
): OperationInput<"update_device_settings"> {
  const patch = patchOf(draft, draftOf(base?.data));
  const had = base?.data ?? {};
  const input: OperationInput<"update_device_settings"> = {
    device_uuid: device,
    ...(base?.updated_at ? { expected_updated_at: base.updated_at } : {}),
  };
  const inherit = KEYS.filter((k) => !overrides[k] && had[k] !== undefined);
  if (inherit.length) input.inherit = inherit;
  if (overrides.breakpoints) input.breakpoints = patch.breakpoints;
  if (overrides.service_group_ids) input.service_group_ids = patch.service_group_ids;
  if (overrides.env) {
    input.env = patch.env;
    if (patch.env_unset && had.env !== undefined) input.env_unset = patch.env_unset;
  }
  if (!KEYS.some((k) => overrides[k]) && !inherit.length) input.clear = true;
  return input;
}
