import { normaliseFilters, type FeedFilters, type StatusClass } from "./filters";

/**
 * A workspace tab's saved filter, as `add_tab` / `update_tab` store it (workspace_tabs.filter).
 * It is the feed's own filter model minus the workspace (the tab's workspace is implied) and the
 * pinned view: every conversion goes through `normaliseFilters`, so a tab opened from its saved
 * form and the same filter typed by hand give the same URL and the same query key.
 */
export interface TabFilter {
  devices?: string[];
  hosts?: string[];
  search?: string;
  methods?: string[];
  statuses?: StatusClass[];
  tags?: string[];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The feed filters a saved tab stands for, inside its workspace. Unknown or bad fields are dropped. */
export function filtersFromTab(workspaceId: string, saved: Record<string, unknown>): FeedFilters {
  return normaliseFilters({
    workspace: workspaceId,
    devices: strings(saved.devices),
    hosts: strings(saved.hosts),
    q: typeof saved.search === "string" ? saved.search : "",
    methods: strings(saved.methods),
    status: strings(saved.statuses) as StatusClass[],
    tags: strings(saved.tags),
  });
}

/** What "Save as tab" stores for the current filters: only the fields that narrow anything. */
export function tabFilterOf(filters: FeedFilters): TabFilter {
  const f = normaliseFilters(filters);
  return {
    ...(f.devices.length ? { devices: f.devices } : {}),
    ...(f.hosts.length ? { hosts: f.hosts } : {}),
    ...(f.q ? { search: f.q } : {}),
    ...(f.methods.length ? { methods: f.methods } : {}),
    ...(f.status.length ? { statuses: f.status } : {}),
    ...(f.tags.length ? { tags: f.tags } : {}),
  };
}

/** Whether the feed shows exactly what the tab saved (else the strip offers "Update tab"). */
export function matchesTab(filters: FeedFilters, workspaceId: string, saved: Record<string, unknown>): boolean {
  const tab = filtersFromTab(workspaceId, saved);
  const now = normaliseFilters(filters);
  return JSON.stringify(tab) === JSON.stringify({ ...now, pinned: false }) && !now.pinned;
}

/** The ids in a new order with the one at `from` moved to `to` (a drop or Alt+Arrow). */
export function moveId(ids: readonly string[], from: number, to: number): string[] {
  const out = [...ids];
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [moved] = out.splice(from, 1);
  out.splice(target, 0, moved);
  return out;
}

/** A default title for a tab saved from these filters: what narrows it, shortly. */
export function suggestTabTitle(filters: FeedFilters): string {
  const parts = [
    filters.q && `“${filters.q}”`,
    filters.hosts[0] &&
      (filters.hosts.length > 1 ? `${filters.hosts[0]} +${filters.hosts.length - 1}` : filters.hosts[0]),
    filters.methods.join("/"),
    filters.status.join("/"),
  ].filter(Boolean);
  return (parts.join(" · ") || "All captures").slice(0, 100);
}
