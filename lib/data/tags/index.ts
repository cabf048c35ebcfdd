import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

/** A tag as list_tags gives it: its colour, how many captures carry it, and its version. */
export type Tag = OperationOutput<"list_tags">["items"][number];

export const tagKeys = { list: () => ["tags"] as const };

export const tagsOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: tagKeys.list(),
    queryFn: async (): Promise<Tag[]> => (await allItems(call, "list_tags", {})).items,
    staleTime: 5 * 60_000,
  });

export const createTag = (call: CallOperation, name: string, color: string): Promise<Tag> =>
  call("create_tag", { name, color });

/** Carries the version the editor loaded, so a newer change is never silently overwritten. */
export const updateTag = (call: CallOperation, tag: Tag, change: { name?: string; color?: string }) =>
  call("update_tag", { tag_id: tag.id, ...change, expected_updated_at: tag.updated_at });

export const deleteTag = (call: CallOperation, tagId: string) => call("delete_tag", { tag_id: tagId });

export const tagEntry = (call: CallOperation, entryId: number, tagId: string) =>
  call("tag_entry", { entry_id: entryId, tag_id: tagId });

export const untagEntry = (call: CallOperation, entryId: number, tagId: string) =>
  call("untag_entry", { entry_id: entryId, tag_id: tagId });

/** Sorted as list_tags sorts (name, then id), so a live patch keeps the order a reload would give. */
export function upsertTag(tags: Tag[] | undefined, tag: Tag): Tag[] | undefined {
  if (!tags) return tags;
  const rest = tags.filter((t) => t.id !== tag.id);
  return [...rest, tag].sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
}
