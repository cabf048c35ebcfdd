"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { devicesOptions } from "@/lib/data/devices";
import { hostOptions } from "@/lib/data/entries";
import { tagsOptions } from "@/lib/data/tags";
import { workspacesOptions } from "@/lib/data/workspaces";
import { hasActiveFilters, type FeedFilters } from "@/lib/feed/filters";
import { coverageNote, livePlan, type Viewer } from "@/lib/feed/live-payload";
import { pillCount } from "@/lib/feed/live-state";
import { rowCount, type FeedPages } from "@/lib/feed/pages";
import { useFeed } from "@/lib/feed/use-feed";
import { EntryDetail } from "./detail/entry-detail";
import { FeedEmpty } from "./feed-empty";
import { FeedList } from "./feed-list";
import { FeedStatusBar } from "./feed-status-bar";
import { FeedToolbar } from "./feed-toolbar";
import { useFeedUrl } from "./use-feed-url";

/** Which lookups the person's role may read (the rest stay empty instead of failing). */
export interface FeedLookups {
  workspaces: boolean;
  devices: boolean;
  tags: boolean;
}

/** The capture feed: filters, the live virtualised list, and the open capture beside it. */
export function FeedView({ canTag, viewer, lookups }: { canTag: boolean; viewer: Viewer; lookups: FeedLookups }) {
  const call = useOperations();
  const { filters, entryId, setFilters, selectEntry } = useFeedUrl();
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

  const deviceNames = useMemo(() => new Map((devices.data ?? []).map((d) => [d.uuid, d.name])), [devices.data]);
  const tagMap = useMemo(() => new Map((tags.data ?? []).map((t) => [t.id, t])), [tags.data]);
  const deviceName = useCallback((uuid: string) => deviceNames.get(uuid) ?? uuid, [deviceNames]);
  const loadMore = useCallback(() => void list.fetchNextPage(), [list]);

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
  const changeFilters = (next: FeedFilters, opts?: { replace: boolean }) => setFilters(next, opts);

  return (
    <div className="flex h-full min-h-0 flex-col">
      <FeedToolbar
        filters={filters}
        onChange={changeFilters}
        workspaces={workspaces.data ?? []}
        devices={devices.data ?? []}
        hosts={hosts.data ?? []}
        tags={tags.data ?? []}
      />
      <FeedStatusBar
        total={total.data}
        totalError={total.isError}
        loaded={rowCount(data)}
        live={live}
        coverage={coverageNote(plan.coverage)}
        onPause={feed.pause}
        onResume={feed.resume}
      />
      <div
        className={`grid min-h-0 flex-1 ${entryId !== null ? "grid-cols-1 lg:grid-cols-[minmax(0,3fr)_minmax(24rem,2fr)]" : "grid-cols-1"}`}
      >
        <div className={`flex min-h-0 flex-col ${entryId !== null ? "max-lg:hidden" : ""}`}>
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
              hasDevices={(devices.data?.length ?? 1) > 0}
              onClearFilters={() =>
                setFilters({ ...filters, devices: [], hosts: [], q: "", status: [], methods: [], workspace: null })
              }
            />
          )}
          {data && rowCount(data) > 0 && (
            <FeedList
              data={data}
              hasMore={list.hasNextPage}
              loadingMore={list.isFetchingNextPage}
              loadMore={loadMore}
              selectedId={entryId}
              onSelect={selectEntry}
              position={feed.position}
              onReachedTop={feed.reachedTop}
              unseen={pillCount(live)}
              deviceNames={deviceNames}
              tags={tagMap}
            />
          )}
        </div>
        {entryId !== null && (
          <EntryDetail
            key={entryId}
            entryId={entryId}
            deviceName={deviceName}
            canTag={canTag}
            onClose={() => selectEntry(null)}
          />
        )}
      </div>
    </div>
  );
}
