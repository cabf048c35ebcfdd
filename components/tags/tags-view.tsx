"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Button } from "@/components/ui/button";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { tagKeys, tagsOptions } from "@/lib/data/tags";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { CreateTagForm } from "./create-tag-form";
import { TagRow } from "./tag-row";

/** The tags people label captures with: how many carry each, and (with tags:edit) editing. */
export function TagsView({ canEdit, fleetScope }: { canEdit: boolean; fleetScope: boolean }) {
  const call = useOperations();
  const tags = useQuery(tagsOptions(call));
  const live = useTableLive(useSupabase(), "tags-changes", ["tags"], [tagKeys.list()]);
  return (
    <div
      {...scrollRegion("Tags")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Tags</h1>
        {tags.data && <span className="text-sm text-zinc-600 dark:text-zinc-400">{tags.data.length} in all</span>}
        <LiveIndicator state={live} />
      </div>
      <p className="mb-3 max-w-2xl text-sm text-zinc-600 dark:text-zinc-400">
        Tags label captures: put one on from a capture&apos;s detail pane in the feed, and open a tag&apos;s captures
        from here. {fleetScope ? "You see everyone's tags." : "Tags are yours: others see their own."}
      </p>
      {canEdit && <CreateTagForm existing={tags.data ?? []} />}
      {tags.isPending && <Spinner label="Loading tags…" />}
      {tags.isError && (
        <StateMessage
          tone="error"
          title="The tags could not be loaded"
          action={<Button onClick={() => void tags.refetch()}>Try again</Button>}
        >
          {tags.error.message}
        </StateMessage>
      )}
      {tags.data?.length === 0 && (
        <StateMessage title="No tags yet">
          <p>
            {canEdit
              ? "Create one above, or tag a capture from its detail pane in the feed."
              : "Your role can see tags but not create them; ask an admin for the tags edit capability."}
          </p>
        </StateMessage>
      )}
      {tags.data && tags.data.length > 0 && (
        <table className="w-full max-w-3xl text-left text-sm" data-testid="tags-table">
          <caption className="sr-only">Tags</caption>
          <thead className="border-b border-zinc-200 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
            <tr>
              <th scope="col" className="px-2 py-2 font-medium">
                Tag
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                Captures
              </th>
              <th scope="col" className="px-2 py-2 font-medium">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.data.map((tag) => (
              <TagRow key={tag.id} tag={tag} canEdit={canEdit} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
