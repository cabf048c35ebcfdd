"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { devicesOptions } from "@/lib/data/devices";
import { entryKeys, fetchFeedRows, hostOptions, type EntryDetail as EntryDetailData } from "@/lib/data/entries";
import { tagsOptions } from "@/lib/data/tags";
import { workspaceOptions, workspacesOptions } from "@/lib/data/workspaces";
import { EMPTY_FILTERS, hasActiveFilters } from "@/lib/feed/filters";
import { coverageNote, livePlan, type Viewer } from "@/lib/feed/live-payload";
import { pillCount } from "@/lib/feed/live-state";
import { indexOfId, pageStarts, rowAt, rowCount, type FeedPages } from "@/lib/feed/pages";
import type { FeedRow } from "@/lib/feed/types";
import { useFeed } from "@/lib/feed/use-feed";
import { ReproPanel } from "@/components/repro/repro-panel";
import { openBusyBro } from "@/lib/busybro/client/open-panel";
import {
  EMPTY_SELECTION,
  flowAround,
  inCaptureOrder,
  selectOnClick,
  type ClickModifiers,
  type Selection,
} from "@/lib/feed/selection";
import { EntryDetail } from "./detail/entry-detail";
import { FeedEmpty } from "./feed-empty";
import { FeedList } from "./feed-list";
import { FeedStatusBar } from "./feed-status-bar";
import { FeedTabs, TAB_PANEL_ID, selectedTabKey, tabDomId } from "./feed-tabs";
import { FeedToolbar } from "./feed-toolbar";
import { HarActions } from "./har-actions";
import { SplitDivider, usePaneWidth } from "./split-divider";
import { useFeedUrl } from "./use-feed-url";

/** Which lookups the person's role may read (the rest stay empty instead of failing). */
export interface FeedLookups {
  workspaces: boolean;
  devices: boolean;
  tags: boolean;
}

// Stable stand-ins while a list loads, so the memoised toolbar does not re-render for a new [].
const NONE: never[] = [];
const NO_IDS: ReadonlySet<number> = new Set();
/** How many newer ids "This flow" looks ahead of a capture the list has not loaded. */
const FLOW_AHEAD = 400;

/** The capture feed: filters, the live virtualised list, and the open capture beside it. */
export function FeedView({
  canTag,
  canImport,
  canEditWorkspaces,
  viewer,
  lookups,
}: {
  canTag: boolean;
  /** entries:edit: a HAR file can be imported into a device. */
  canImport: boolean;
  /** May save tabs and pin captures (the database still decides per workspace). */
  canEditWorkspaces: boolean;
  viewer: Viewer;
  lookups: FeedLookups;
}) {
  const call = useOperations();
  const { filters, entryId, tab, setFilters, openView, selectEntry } = useFeedUrl();
  const splitRef = useRef<HTMLDivElement>(null);
  const [paneWidth, setPaneWidth] = usePaneWidth();
  const workspaces = useQuery({ ...workspacesOptions(call), enabled: lookups.workspaces });
  const devices = useQuery({ ...devicesOptions(call), enabled: lookups.devices });
  const tags = useQuery({ ...tagsOptions(call), enabled: lookups.tags });
  const hosts = useQuery(hostOptions(call, filters.workspace));
  // "All" listens per device owner; a fleet viewer needs the fleet's devices to know the owners.
  const fleetDevices = devices.data ?? (devices.isError || !lookups.devices ? null : undefined);
  const plan = useMemo(
    () => livePlan(filters.workspace, viewer, fleetDevices),
    [filters.workspace, viewer, fleetDevices],
  );
  const feed = useFeed(filters, plan.topics);
  const { list, total, live } = feed;

  const harActions = useMemo(
    () => <HarActions filters={filters} devices={devices.data ?? NONE} canImport={canImport} />,
    [filters, devices.data, canImport],
  );
  const deviceNames = useMemo(() => new Map((devices.data ?? []).map((d) => [d.uuid, d.name])), [devices.data]);
  const tagMap = useMemo(() => new Map((tags.data ?? []).map((t) => [t.id, t])), [tags.data]);
  const deviceName = useCallback((uuid: string) => deviceNames.get(uuid) ?? uuid, [deviceNames]);
  const { fetchNextPage } = list;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  const closeEntry = useCallback(() => selectEntry(null), [selectEntry]);

  // Several captures marked for a repro or a question; the open one is the last plain click.
  const [selection, setSelection] = useState<Selection>(EMPTY_SELECTION);
  const [reproIds, setReproIds] = useState<number[] | null>(null);
  const dataRef = useRef<FeedPages | undefined>(undefined);
  useEffect(() => {
    dataRef.current = list.data as FeedPages | undefined;
  });
  const onSelect = useCallback(
    (id: number, modifiers?: ClickModifiers) => {
      const data = dataRef.current;
      const starts = data ? pageStarts(data) : [];
      setSelection((current) =>
        selectOnClick(
          current,
          id,
          modifiers ?? { toggle: false, range: false },
          (rowId) => (data ? indexOfId(data, rowId) : -1),
          (index) => (data ? rowAt(data, starts, index) : undefined),
        ),
      );
      if (!modifiers?.toggle && !modifiers?.range) {
        setReproIds(null);
        selectEntry(id);
      }
    },
    [selectEntry],
  );
  const queryClient = useQueryClient();
  const selectFlow = useCallback(
    async (id: number) => {
      const loaded = (dataRef.current?.pages ?? []).flatMap((page) => page.rows);
      const center = loaded.find((row) => row.id === id);
      if (center) {
        setSelection({ ids: new Set(flowAround(center, loaded)), anchor: id });
        return;
      }
      // An entry opened by link may be older than what the list has loaded: read its device's
      // captures around it (ids up to FLOW_AHEAD newer, and older) and pick the flow there.
      const opened = queryClient.getQueryData<EntryDetailData | null>(entryKeys.entry(id));
      if (!opened) return;
      const host = (() => {
        try {
          return new URL(opened.payload.request.url).host;
        } catch {
          return null;
        }
      })();
      const around = await fetchFeedRows(
        call,
        { ...EMPTY_FILTERS, devices: [opened.device_uuid] },
        id + FLOW_AHEAD,
        500,
      );
      const pivot = {
        ...(around.find((row) => row.id === id) ?? { id, ts: opened.ts, device_uuid: opened.device_uuid }),
        host,
      } as FeedRow;
      setSelection({ ids: new Set(flowAround(pivot, around)), anchor: id });
    },
    [call, queryClient],
  );
  const marked = selection.ids.size > 1 ? selection.ids : NO_IDS;

  // "p" toggles pause from anywhere in the feed except while typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        event.key !== "p" ||
        event.metaKey ||
        event.ctrlKey ||
        event.altKey ||
        target.closest("input, textarea, select, [contenteditable]")
      )
        return;
      if (live.paused) feed.resume();
      else feed.pause();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [live.paused, feed]);

  const data = list.data as FeedPages | undefined;
  const workspaceId = lookups.workspaces ? filters.workspace : null;
  const workspaceName = workspaces.data?.find((w) => w.id === workspaceId)?.name;
  const pin = useMemo(
    () => (workspaceId && canEditWorkspaces ? { workspaceId, workspaceName: workspaceName ?? "this workspace" } : null),
    [workspaceId, workspaceName, canEditWorkspaces],
  );
  // The tab panel is labelled by the selected tab (when the view is one of the strip's tabs).
  const workspaceDetail = useQuery({ ...workspaceOptions(call, workspaceId ?? ""), enabled: workspaceId !== null });
  const selectedTab = workspaceId ? selectedTabKey(filters, tab, workspaceDetail.data?.tabs ?? NONE) : null;
  const paneOpen = entryId !== null || reproIds !== null;

  return (
    <div className="flex h-full min-h-0 flex-col">
      <FeedToolbar
        filters={filters}
        onChange={setFilters}
        workspaces={workspaces.data ?? NONE}
        devices={devices.data ?? NONE}
        hosts={hosts.data ?? NONE}
        tags={tags.data ?? NONE}
        actions={harActions}
      />
      {workspaceId && (
        <FeedTabs
          workspaceId={workspaceId}
          filters={filters}
          activeTab={tab}
          canEdit={canEditWorkspaces}
          onOpen={openView}
        />
      )}
      <FeedStatusBar
        total={total.data}
        totalError={total.isError}
        loaded={rowCount(data)}
        live={live}
        coverage={coverageNote(plan.coverage)}
        onPause={feed.pause}
        onResume={feed.resume}
      />
      {marked.size > 1 && (
        <div
          role="toolbar"
          aria-label="Selected captures"
          data-testid="selection-bar"
          className="flex items-center gap-2 border-b border-zinc-200 bg-sky-50 px-3 py-1 text-xs dark:border-zinc-800 dark:bg-sky-950/40"
        >
          <span>{marked.size} captures selected</span>
          <Button size="sm" variant="primary" onClick={() => setReproIds(inCaptureOrder(marked))}>
            Build repro
          </Button>
          <Button
            size="sm"
            onClick={() =>
              openBusyBro(
                `Explain the flow in captures ${inCaptureOrder(marked).join(", ")} (how it signs in and what each step does), and build a runnable repro from them.`,
              )
            }
          >
            Ask BusyBro about these
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setSelection(EMPTY_SELECTION)}>
            Clear
          </Button>
          <span className="text-zinc-500">Ctrl/⌘-click adds or removes one, Shift-click a range.</span>
        </div>
      )}
      <div ref={splitRef} className="flex min-h-0 flex-1" style={{ "--pane-width": `${paneWidth}px` } as CSSProperties}>
        <div
          className={`flex min-h-0 min-w-0 flex-1 flex-col ${reproIds ? "max-lg:hidden" : ""}`}
          {...(workspaceId
            ? {
                role: "tabpanel",
                id: TAB_PANEL_ID,
                "aria-labelledby": selectedTab ? tabDomId(selectedTab) : undefined,
                "aria-label": selectedTab ? undefined : "Captures",
              }
            : {})}
        >
          {list.isPending && (
            <div className="p-6">
              <Spinner label="Loading captures…" />
            </div>
          )}
          {list.isError && (
            <StateMessage
              tone="error"
              title="The captures could not be loaded"
              action={<Button onClick={() => void list.refetch()}>Try again</Button>}
            >
              <p>{list.error.message}</p>
            </StateMessage>
          )}
          {data && rowCount(data) === 0 && !list.isFetching && (
            <FeedEmpty
              filtered={hasActiveFilters(filters)}
              pinned={filters.pinned}
              hasDevices={(devices.data?.length ?? 1) > 0}
              onClearFilters={() => setFilters({ ...filters, ...EMPTY_FILTERS })}
            />
          )}
          {data && rowCount(data) > 0 && (
            <FeedList
              data={data}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              loadMore={loadMore}
              selectedId={entryId}
              marked={marked}
              onSelect={onSelect}
              position={feed.position}
              onReachedTop={feed.reachedTop}
              unseen={pillCount(live)}
              deviceNames={deviceNames}
              tags={tagMap}
            />
          )}
        </div>
        {paneOpen && <SplitDivider container={splitRef} width={paneWidth} onResize={setPaneWidth} />}
        {paneOpen && (
          <div
            id="feed-detail-pane"
            className="flex min-h-0 min-w-0 flex-col max-lg:flex-1 lg:w-[min(var(--pane-width),calc(100%-22.5rem))] lg:shrink-0"
          >
            {reproIds ? (
              <ReproPanel key={reproIds.join(",")} entryIds={reproIds} onClose={() => setReproIds(null)} />
            ) : (
              entryId !== null && (
                <EntryDetail
                  key={entryId}
                  entryId={entryId}
                  deviceName={deviceName}
                  canTag={canTag}
                  onClose={closeEntry}
                  onSelectFlow={selectFlow}
                  pin={pin}
                />
              )
            )}
          </div>
        )}
      </div>
    </div>
  );
}
