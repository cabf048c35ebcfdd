"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { auditOptions, usersOptions, type AuditFilters, type AuditItem } from "@/lib/data/admin";

export const AUDITED_TABLES = [
  "devices",
  "settings_device",
  "settings_global",
  "tags",
  "entry_tags",
  "workspaces",
  "workspace_devices",
  "workspace_tabs",
  "workspace_entries",
  "service_groups",
  "service_group_agents",
  "busybro_agents",
  "breakpoint_events",
  "busybro_conversations",
  "busybro_turns",
  "roles",
  "role_capabilities",
  "user_roles",
];

const fieldClass = "h-8 rounded border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** datetime-local values are local time; the filter travels as ISO 8601. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : undefined);
const toLocal = (iso: string | undefined) => {
  if (!iso) return "";
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

function Change({ item }: { item: AuditItem }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" variant="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        {item.changed.length ? item.changed.join(", ") : "—"}
      </Button>
      {open && (
        <div className="mt-1 grid gap-2 md:grid-cols-2">
          {(["before", "after"] as const).map((side) => (
            <pre
              key={side}
              className="max-h-64 overflow-auto rounded bg-zinc-50 p-2 text-xs dark:bg-zinc-900"
              aria-label={side}
            >
              {side}: {JSON.stringify(item[side] ?? null, null, 2)}
            </pre>
          ))}
        </div>
      )}
    </>
  );
}

/** Every audited write, newest first, filtered by actor, table and time; keyset pages of 50. */
export function AuditView({ filters }: { filters: AuditFilters }) {
  const call = useOperations();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const log = useInfiniteQuery(auditOptions(call, filters));
  const people = useQuery(usersOptions(call));
  const names = Object.fromEntries((people.data ?? []).map((p) => [p.id, p.email ?? p.id]));
  const setFilter = (key: keyof AuditFilters, value: string | undefined) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}${next.size ? `?${next}` : ""}` as never);
  };
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div
      {...scrollRegion("Audit log")}
      className="h-full space-y-3 overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <h1 className="text-lg font-semibold">Audit log</h1>
      <form className="flex flex-wrap items-end gap-3" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">Actor</span>
          <select
            className={fieldClass}
            value={filters.actor ?? ""}
            onChange={(e) => setFilter("actor", e.target.value || undefined)}
          >
            <option value="">Anyone</option>
            {(people.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.email ?? p.id}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">Table</span>
          <select
            className={fieldClass}
            value={filters.table ?? ""}
            onChange={(e) => setFilter("table", e.target.value || undefined)}
          >
            <option value="">Any table</option>
            {AUDITED_TABLES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">From</span>
          <input
            type="datetime-local"
            className={fieldClass}
            value={toLocal(filters.since)}
            onChange={(e) => setFilter("since", toIso(e.target.value))}
          />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">Until</span>
          <input
            type="datetime-local"
            className={fieldClass}
            value={toLocal(filters.until)}
            onChange={(e) => setFilter("until", toIso(e.target.value))}
          />
        </label>
        {(filters.actor || filters.table || filters.since || filters.until) && (
          <Button size="sm" onClick={() => router.replace(pathname as never)}>
            Clear filters
          </Button>
        )}
      </form>
      {log.isPending && <Spinner label="Loading the audit log…" />}
      {log.isError && (
        <StateMessage
          tone="error"
          title="The audit log could not be loaded"
          action={<Button onClick={() => void log.refetch()}>Try again</Button>}
        >
          {log.error.message}
        </StateMessage>
      )}
      {log.data && items.length === 0 && (
        <StateMessage title="Nothing matches">Widen the time range or clear the filters.</StateMessage>
      )}
      {items.length > 0 && (
        <table className="w-full text-sm" data-testid="audit">
          <caption className="sr-only">Audited changes, newest first</caption>
          <thead className="text-left text-xs text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="p-2">
                When
              </th>
              <th scope="col" className="p-2">
                Who
              </th>
              <th scope="col" className="p-2">
                Via
              </th>
              <th scope="col" className="p-2">
                Change
              </th>
              <th scope="col" className="p-2">
                Row
              </th>
              <th scope="col" className="p-2">
                Columns
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr
                key={item.id}
                className="border-t border-zinc-200 align-top dark:border-zinc-800"
                data-testid="audit-row"
                data-table={item.target_table}
                data-action={item.action}
              >
                <td className="p-2 whitespace-nowrap">{new Date(item.at).toLocaleString()}</td>
                <td className="p-2">
                  {item.actor_user_id
                    ? (names[item.actor_user_id] ?? item.actor_user_id.slice(0, 8))
                    : (item.actor_role ?? "system")}
                </td>
                <td className="p-2">
                  {item.client_id ?? (item.actor_role === "authenticated" ? "session" : (item.actor_role ?? "—"))}
                </td>
                <td className="p-2">
                  {item.action} {item.target_table}
                </td>
                <td className="p-2 font-mono text-xs break-all">{item.target_id}</td>
                <td className="p-2">
                  <Change item={item} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
          {log.isFetchingNextPage ? "Loading…" : "Older changes"}
        </Button>
      )}
    </div>
  );
}
