"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { memo, useEffect, useRef, useState, type FocusEvent, type KeyboardEvent } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { entryKeys } from "@/lib/data/entries";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { workspaceKeys, workspaceOptions, type WorkspaceDetail, type WorkspaceTab } from "@/lib/data/workspaces";
import { EMPTY_FILTERS, hasActiveFilters, type FeedFilters } from "@/lib/feed/filters";
import { filtersFromTab, matchesTab, moveId, suggestTabTitle, tabFilterOf } from "@/lib/feed/tabs";

export const TAB_PANEL_ID = "feed-tabpanel";
export const tabDomId = (key: string) => `feed-tab-${key}`;

interface FeedTabsProps {
  workspaceId: string;
  filters: FeedFilters;
  /** The saved tab named in the URL. */
  activeTab: string | null;
  canEdit: boolean;
  onOpen: (filters: FeedFilters, tabId: string | null) => void;
}

/** Which tab the view is: the URL's saved tab, the Pinned view, or All when nothing narrows it. */
export function selectedTabKey(filters: FeedFilters, activeTab: string | null, tabs: readonly WorkspaceTab[]) {
  if (filters.pinned) return "pinned";
  if (activeTab && tabs.some((t) => t.id === activeTab)) return activeTab;
  return hasActiveFilters({ ...filters, workspace: null }) ? null : "all";
}

/**
 * The workspace's saved filters as an ARIA tab strip (manual activation): arrows move focus,
 * Enter or Space opens, Alt+Arrow moves the focused tab, F2 renames it; tabs can be dragged too.
 * Each tab opens its filters spelled out in the URL, so the list behind it is the same feed.
 */
export const FeedTabs = memo(function FeedTabs({ workspaceId, filters, activeTab, canEdit, onOpen }: FeedTabsProps) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const detail = useQuery(workspaceOptions(call, workspaceId));
  // A tab added, renamed or moved, or a capture pinned, elsewhere (another tab, a teammate, an
  // agent over MCP) shows here: the strip, the Pinned count and view, the Pin button.
  const pinnedView = { ...EMPTY_FILTERS, workspace: workspaceId, pinned: true };
  const live = useTableLive(
    useSupabase(),
    `feed-tabs-${workspaceId}`,
    ["workspaces", "workspace_tabs", "workspace_entries"],
    [
      workspaceKeys.detail(workspaceId),
      workspaceKeys.pinned(workspaceId),
      entryKeys.feed(pinnedView),
      entryKeys.feedCount(pinnedView),
    ],
  );
  const tabs = detail.data?.tabs ?? [];
  const selected = selectedTabKey(filters, activeTab, tabs);
  const keys = ["all", ...tabs.map((t) => t.id), "pinned"];
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [dragging, setDragging] = useState<string | null>(null);
  // After a reorder, rename or removal the strip re-renders; focus follows the tab it was on.
  const [focusRequest, setFocusRequest] = useState<{ key: string; seq: number } | null>(null);
  const focused = useRef(0);
  const focusAfterRender = (key: string) => setFocusRequest((r) => ({ key, seq: (r?.seq ?? 0) + 1 }));
  // Whether the keyboard is in the strip: React moves a tab's element when the order changes
  // (a reorder, or a live refetch landing an order a moment old), and a moved element loses
  // focus to <body> without a blur naming where it went. Then focus goes back to that tab.
  const inStrip = useRef(false);
  useEffect(() => {
    const away = (e: PointerEvent) => {
      if (!(e.target instanceof Element && e.target.closest("[data-testid=feed-tabs]"))) inStrip.current = false;
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, []);
  useEffect(() => {
    if (focusRequest && focusRequest.seq !== focused.current) {
      const el = document.getElementById(tabDomId(focusRequest.key));
      if (el) {
        el.focus();
        focused.current = focusRequest.seq;
      }
    } else if (inStrip.current && focusKey && document.activeElement === document.body) {
      document.getElementById(tabDomId(focusKey))?.focus();
    }
  });

  const setTabs = (next: (tabs: WorkspaceTab[]) => WorkspaceTab[]) =>
    queryClient.setQueryData<WorkspaceDetail>(workspaceKeys.detail(workspaceId), (old) =>
      old ? { ...old, tabs: next(old.tabs), tab_count: next(old.tabs).length } : old,
    );
  const settle = () => {
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) });
    void queryClient.invalidateQueries({ queryKey: workspaceKeys.summaries() });
  };

  const reorder = useMutation({
    mutationFn: (ids: string[]) => call("reorder_tabs", { workspace_id: workspaceId, tab_ids: ids }),
    // Optimistic: the strip shows the new order at once, and a refusal puts the old one back.
    onMutate: async (ids) => {
      // A refetch in flight (a live change a moment ago) would otherwise land the old order on top.
      await queryClient.cancelQueries({ queryKey: workspaceKeys.detail(workspaceId) });
      const before = queryClient.getQueryData<WorkspaceDetail>(workspaceKeys.detail(workspaceId));
      setTabs((old) => ids.map((id, position) => ({ ...old.find((t) => t.id === id)!, position })));
      return { before };
    },
    onError: (_error, _ids, context) =>
      context?.before && queryClient.setQueryData(workspaceKeys.detail(workspaceId), context.before),
    onSettled: settle,
  });
  const add = useMutation({
    mutationFn: (title: string) => call("add_tab", { workspace_id: workspaceId, title, filter: tabFilterOf(filters) }),
    onSuccess: (tab) => {
      setTabs((old) => [...old, tab]);
      setSaving(false);
      focusAfterRender(tab.id);
      onOpen(filters, tab.id);
    },
    onSettled: settle,
  });
  const rename = useMutation({
    mutationFn: ({ id, title }: { id: string; title: string }) => call("update_tab", { tab_id: id, title }),
    onSuccess: (tab) => {
      setTabs((old) => old.map((t) => (t.id === tab.id ? tab : t)));
      setRenaming(null);
      focusAfterRender(tab.id);
    },
    onSettled: settle,
  });
  const update = useMutation({
    mutationFn: (id: string) => call("update_tab", { tab_id: id, filter: tabFilterOf(filters) }),
    onSuccess: (tab) => setTabs((old) => old.map((t) => (t.id === tab.id ? tab : t))),
    onSettled: settle,
  });
  const remove = useMutation({
    mutationFn: (id: string) => call("remove_tab", { tab_id: id }),
    onSuccess: (removed) => {
      setTabs((old) => old.filter((t) => t.id !== removed.tab_id));
      if (activeTab === removed.tab_id) onOpen({ ...EMPTY_FILTERS, workspace: workspaceId }, null);
      focusAfterRender("all");
    },
    onSettled: settle,
  });

  const open = (key: string) => {
    if (key === "all") onOpen({ ...EMPTY_FILTERS, workspace: workspaceId }, null);
    else if (key === "pinned") onOpen({ ...EMPTY_FILTERS, workspace: workspaceId, pinned: true }, null);
    else {
      const tab = tabs.find((t) => t.id === key);
      if (tab) onOpen(filtersFromTab(workspaceId, tab.filter), tab.id);
    }
  };
  const move = (id: string, to: number) => {
    const ids = tabs.map((t) => t.id);
    const from = ids.indexOf(id);
    const next = moveId(ids, from, to);
    if (next.join() === ids.join()) return;
    focusAfterRender(id);
    reorder.mutate(next);
  };
  const focusTab = (key: string) => {
    setFocusKey(key);
    document.getElementById(tabDomId(key))?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, key: string) => {
    const at = keys.indexOf(key);
    const saved = key !== "all" && key !== "pinned";
    if (event.altKey && (event.key === "ArrowLeft" || event.key === "ArrowRight")) {
      if (!saved || !canEdit) return;
      event.preventDefault();
      move(key, tabs.findIndex((t) => t.id === key) + (event.key === "ArrowLeft" ? -1 : 1));
      return;
    }
    const target: Record<string, number> = {
      ArrowLeft: (at - 1 + keys.length) % keys.length,
      ArrowRight: (at + 1) % keys.length,
      Home: 0,
      End: keys.length - 1,
    };
    if (event.key in target) {
      event.preventDefault();
      focusTab(keys[target[event.key]]);
    } else if (event.key === "F2" && saved && canEdit) {
      event.preventDefault();
      setRenaming(key);
    }
  };

  // Roving tabindex: Tab enters the strip on the selected tab (or the one last focused).
  const tabStop = focusKey && keys.includes(focusKey) ? focusKey : (selected ?? "all");
  const tabProps = (key: string) => ({
    role: "tab" as const,
    id: tabDomId(key),
    "aria-selected": selected === key,
    "aria-controls": TAB_PANEL_ID,
    tabIndex: tabStop === key ? 0 : -1,
    onFocus: () => {
      inStrip.current = true;
      setFocusKey(key);
    },
    onBlur: (e: FocusEvent<HTMLElement>) => {
      if (e.relatedTarget) inStrip.current = false;
    },
    onKeyDown: (e: KeyboardEvent<HTMLElement>) => onKeyDown(e, key),
    className: `shrink-0 border-b-2 px-3 py-1.5 text-sm whitespace-nowrap ${focusRing} ${
      selected === key
        ? "border-sky-700 font-medium text-sky-800 dark:border-sky-400 dark:text-sky-300"
        : "border-transparent text-zinc-700 hover:text-zinc-950 dark:text-zinc-300 dark:hover:text-white"
    }`,
  });

  const activeSaved = tabs.find((t) => t.id === selected);
  const edited = activeSaved ? !matchesTab(filters, workspaceId, activeSaved.filter) : false;
  const error = reorder.error ?? add.error ?? rename.error ?? update.error ?? remove.error;

  return (
    <div className="border-b border-zinc-200 px-3 dark:border-zinc-800" data-testid="feed-tabs" data-live={live}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <div role="tablist" aria-label="Workspace tabs" className="-mb-px flex min-w-0 max-w-full overflow-x-auto">
          <button type="button" {...tabProps("all")} onClick={() => open("all")}>
            All captures
          </button>
          {tabs.map((t) =>
            renaming === t.id ? (
              <RenameField
                key={t.id}
                title={t.title}
                pending={rename.isPending}
                onSave={(title) => (title === t.title ? setRenaming(null) : rename.mutate({ id: t.id, title }))}
                onCancel={() => {
                  setRenaming(null);
                  focusAfterRender(t.id);
                }}
              />
            ) : (
              <button
                key={t.id}
                type="button"
                {...tabProps(t.id)}
                data-tab-title={t.title}
                draggable={canEdit}
                aria-keyshortcuts={canEdit ? "Alt+ArrowLeft Alt+ArrowRight F2" : undefined}
                onClick={() => open(t.id)}
                onDragStart={(e) => {
                  e.dataTransfer.setData("text/plain", t.id);
                  e.dataTransfer.effectAllowed = "move";
                  setDragging(t.id);
                }}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => dragging && dragging !== t.id && e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  const id = e.dataTransfer.getData("text/plain") || dragging;
                  setDragging(null);
                  if (id)
                    move(
                      id,
                      tabs.findIndex((x) => x.id === t.id),
                    );
                }}
                style={dragging === t.id ? { opacity: 0.5 } : undefined}
              >
                {t.title}
                {selected === t.id && edited && (
                  <span className="ml-1 text-zinc-600 dark:text-zinc-400" aria-label="(edited)">
                    •
                  </span>
                )}
              </button>
            ),
          )}
          <button type="button" {...tabProps("pinned")} onClick={() => open("pinned")}>
            Pinned{detail.data ? ` (${detail.data.pinned_count})` : ""}
          </button>
        </div>
        {canEdit && (
          <div className="flex flex-wrap items-center gap-1 py-1" role="group" aria-label="Tab actions">
            {saving ? (
              <SaveTabForm
                suggestion={suggestTabTitle(filters)}
                pending={add.isPending}
                onSave={(title) => add.mutate(title)}
                onCancel={() => setSaving(false)}
              />
            ) : (
              !filters.pinned && (
                <Button size="sm" variant="ghost" onClick={() => setSaving(true)}>
                  Save as tab
                </Button>
              )
            )}
            {activeSaved && edited && (
              <Button
                size="sm"
                variant="ghost"
                disabled={update.isPending}
                onClick={() => update.mutate(activeSaved.id)}
              >
                Update tab
              </Button>
            )}
            {activeSaved && renaming !== activeSaved.id && (
              <>
                <Button size="sm" variant="ghost" onClick={() => setRenaming(activeSaved.id)}>
                  Rename
                </Button>
                <ConfirmDelete
                  label={`Remove tab ${activeSaved.title}`}
                  consequence={`Removes the saved filter ${activeSaved.title}; the captures stay.`}
                  pending={remove.isPending}
                  onConfirm={() => remove.mutate(activeSaved.id)}
                />
              </>
            )}
          </div>
        )}
      </div>
      <MutationError error={error} />
      {detail.isError && (
        <p className="py-1 text-xs text-red-700 dark:text-red-400">The workspace&apos;s tabs could not be loaded.</p>
      )}
    </div>
  );
});

const fieldClass =
  "h-7 w-44 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700 dark:bg-zinc-950";

function RenameField({
  title,
  pending,
  onSave,
  onCancel,
}: {
  title: string;
  pending: boolean;
  onSave: (title: string) => void;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(title);
  return (
    <input
      aria-label={`New name for tab ${title}`}
      autoFocus
      value={value}
      maxLength={100}
      readOnly={pending}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === "Enter" && value.trim()) onSave(value.trim());
        if (e.key === "Escape") onCancel();
      }}
      onBlur={() => !pending && onCancel()}
      className={`${fieldClass} my-1`}
    />
  );
}

function SaveTabForm({
  suggestion,
  pending,
  onSave,
  onCancel,
}: {
  suggestion: string;
  pending: boolean;
  onSave: (title: string) => void;
  onCancel: () => void;
}) {
  const [title, setTitle] = useState(suggestion);
  return (
    <form
      aria-label="Save as tab"
      className="flex items-center gap-1"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) onSave(title.trim());
      }}
      onKeyDown={(e) => e.key === "Escape" && onCancel()}
    >
      <input
        aria-label="Tab name"
        autoFocus
        value={title}
        maxLength={100}
        onChange={(e) => setTitle(e.target.value)}
        className={fieldClass}
      />
      <Button size="sm" type="submit" variant="primary" disabled={pending || !title.trim()}>
        Save tab
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </form>
  );
}
