import { queryOptions } from "@tanstack/react-query";
import type { CallOperation } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export interface Tag {
  id: string;
  name: string;
  color: string;
}

export const tagKeys = { list: () => ["tags"] as const };

export const tagsOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: tagKeys.list(),
    queryFn: async (): Promise<Tag[]> =>
      (await allItems(call, "list_tags", {})).items.map(({ id, name, color }) => ({ id, name, color })),
    staleTime: 5 * 60_000,
  });

export const createTag = (call: CallOperation, name: string, color: string): Promise<Tag> =>
  call("create_tag", { name, color });

export const tagEntry = (call: CallOperation, entryId: number, tagId: string) =>
  call("tag_entry", { entry_id: entryId, tag_id: tagId });

export const untagEntry = (call: CallOperation, entryId: number, tagId: string) =>
  call("untag_entry", { entry_id: entryId, tag_id: tagId });
