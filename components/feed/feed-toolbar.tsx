"use client";

import { memo, useMemo, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { MultiSelect } from "@/components/ui/multi-select";
import { ToggleChip } from "@/components/ui/toggle-chip";
import type { Workspace } from "@/lib/data/workspaces";
import type { Device } from "@/lib/data/devices";
import type { HostSuggestion } from "@/lib/data/entries";
import { formatCount } from "@/lib/feed/format";
import type { Tag } from "@/lib/data/tags";
import {
  COMMON_METHODS,
  EMPTY_FILTERS,
  hasActiveFilters,
  normaliseFilters,
  STATUS_CLASSES,
  type FeedFilters,
} from "@/lib/feed/filters";
import { SearchBox } from "./search-box";

interface FeedToolbarProps {
  filters: FeedFilters;
  onChange: (next: FeedFilters, opts?: { replace: boolean }) => void;
  workspaces: Workspace[];
  devices: Device[];
  hosts: HostSuggestion[];
  tags: Tag[];
  /** Actions on what the filters select (export, import), at the row's end; keep it stable (memo). */
  actions?: ReactNode;
}

/** A host typed by hand is accepted when the filters would keep it. */
const acceptHost = (text: string) => normaliseFilters({ hosts: [text] }).hosts[0] ?? null;

const METHOD_OPTIONS = COMMON_METHODS.map((m) => ({ value: m, label: m }));

/** Memoised: the feed re-renders on every frame of live rows, and nothing here depends on them. */
export const FeedToolbar = memo(function FeedToolbar({
  filters,
  onChange,
  workspaces,
  devices,
  hosts,
  tags,
  actions,
}: FeedToolbarProps) {
  const deviceOptions = useMemo(() => devices.map((d) => ({ value: d.uuid, label: d.name, hint: d.kind })), [devices]);
  const hostOptions = useMemo(
    () => hosts.map((h) => ({ value: h.host, label: h.host, hint: formatCount(h.entries) })),
    [hosts],
  );
  const tagOptions = useMemo(() => tags.map((t) => ({ value: t.id, label: t.name })), [tags]);
  const set = (patch: Partial<FeedFilters>, opts?: { replace: boolean }) =>
    onChange(normaliseFilters({ ...filters, ...patch }), opts);
  return (
    <div
      role="search"
      aria-label="Filter captures"
      className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800"
    >
      <label className="sr-only" htmlFor="feed-workspace">
        Workspace
      </label>
      <select
        id="feed-workspace"
        value={filters.workspace ?? ""}
        onChange={(e) => set({ workspace: e.target.value || null })}
        className="h-7 rounded-md border border-zinc-300 bg-transparent px-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
      >
        <option value="">All workspaces</option>
        {workspaces.map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
          </option>
        ))}
      </select>
      <MultiSelect
        label="Devices"
        testId="filter-devices"
        options={deviceOptions}
        selected={filters.devices}
        onChange={(devices) => set({ devices })}
      />
      <MultiSelect
        label="Hosts"
        testId="filter-hosts"
        options={hostOptions}
        selected={filters.hosts}
        onChange={(hosts) => set({ hosts })}
        acceptCustom={acceptHost}
        searchPlaceholder="Find or type a host…"
      />
      <SearchBox value={filters.q} onChange={(q, opts) => set({ q }, opts)} />
      <div role="group" aria-label="Status" className="flex gap-1">
        {STATUS_CLASSES.map((c) => (
          <ToggleChip
            key={c}
            pressed={filters.status.includes(c)}
            onToggle={() =>
              set({
                status: filters.status.includes(c) ? filters.status.filter((s) => s !== c) : [...filters.status, c],
              })
            }
            title={c === "failed" ? "No response (transport error)" : `Status ${c}`}
          >
            {c}
          </ToggleChip>
        ))}
      </div>
      <MultiSelect
        label="Method"
        testId="filter-methods"
        options={METHOD_OPTIONS}
        selected={filters.methods}
        onChange={(methods) => set({ methods })}
      />
      <MultiSelect
        label="Tags"
        testId="filter-tags"
        options={tagOptions}
        selected={filters.tags}
        onChange={(tags) => set({ tags })}
      />
      {hasActiveFilters(filters) && (
        <Button size="sm" variant="ghost" onClick={() => onChange(EMPTY_FILTERS)}>
          Clear filters
        </Button>
      )}
      {actions}
    </div>
  );
});
