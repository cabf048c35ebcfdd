"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import { entryKeys } from "@/lib/data/entries";
import { pinnedIdsOptions, workspaceKeys } from "@/lib/data/workspaces";

export interface PinTarget {
  workspaceId: string;
  workspaceName: string;
}

/**
 * Pin or unpin the open capture in the workspace the feed shows. The workspace's Pinned view
 * and its counts are refetched after; no live event announces a pin.
 */
export function PinButton({ entryId, target }: { entryId: number; target: PinTarget }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const pinned = useQuery(pinnedIdsOptions(call, target.workspaceId));
  const isPinned = pinned.data?.has(entryId) ?? false;
  const toggle = useMutation({
    mutationFn: () =>
      call(isPinned ? "unpin_entry" : "pin_entry", { workspace_id: target.workspaceId, entry_id: entryId }),
    onSuccess: (result) => {
      queryClient.setQueryData<ReadonlySet<number>>(workspaceKeys.pinned(target.workspaceId), (old) => {
        const next = new Set(old);
        if (result.pinned) next.add(entryId);
        else next.delete(entryId);
        return next;
      });
      // The Pinned views (list and count) of this workspace: their keys carry pinned=1.
      const pinnedView = (key: readonly unknown[]) =>
        typeof key[1] === "string" && key[1].includes("pinned=1") && key[1].includes(target.workspaceId);
      void queryClient.invalidateQueries({ queryKey: entryKeys.feedAll(), predicate: (q) => pinnedView(q.queryKey) });
      void queryClient.invalidateQueries({ queryKey: ["feed-count"], predicate: (q) => pinnedView(q.queryKey) });
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(target.workspaceId) });
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.summaries() });
    },
  });
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        disabled={pinned.isPending || toggle.isPending}
        title={isPinned ? `Pinned in ${target.workspaceName}` : `Keep it in ${target.workspaceName}'s Pinned view`}
        onClick={() => toggle.mutate()}
      >
        {isPinned ? "Unpin" : "Pin"}
      </Button>
      {toggle.error && (
        <span className="max-w-64">
          <MutationError error={toggle.error} />
        </span>
      )}
    </>
  );
}
