"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useOperations } from "@/lib/browser/providers";
import { entryKeys, entryOptions, type EntryDetail } from "@/lib/data/entries";
import { createTag, tagEntry, tagKeys, tagsOptions, untagEntry } from "@/lib/data/tags";
import { updateRow, type FeedPages } from "@/lib/feed/pages";

const NEW_TAG_COLOURS = ["#0369a1", "#047857", "#b45309", "#b91c1c", "#7c3aed", "#be185d", "#475569"];

/** Tags on the open capture: remove one, add an existing one, or create one by name. */
export function TagEditor({ entryId, canEdit }: { entryId: number; canEdit: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const tags = useQuery(tagsOptions(call));
  // The open capture carries its tag ids (get_capture); changes are patched into it.
  const current = useQuery({ ...entryOptions(call, entryId), select: (entry) => entry?.tag_ids ?? [] });
  const [name, setName] = useState("");

  // Every loaded feed list holding this entry shows the change at once.
  const applyToFeeds = (ids: string[]) => {
    queryClient.setQueryData<EntryDetail | null>(entryKeys.entry(entryId), (entry) =>
      entry ? { ...entry, tag_ids: ids } : entry,
    );
    for (const [key] of queryClient.getQueriesData<FeedPages>({ queryKey: entryKeys.feedAll() })) {
      queryClient.setQueryData<FeedPages>(key, (data) =>
        data ? updateRow(data, entryId, (row) => ({ ...row, tag_ids: ids })) : data,
      );
    }
  };
  const add = useMutation({
    mutationFn: async (tagName: string) => {
      const existing = tags.data?.find((t) => t.name.toLowerCase() === tagName.toLowerCase());
      const tag =
        existing ??
        (await createTag(call, tagName, NEW_TAG_COLOURS[(tags.data?.length ?? 0) % NEW_TAG_COLOURS.length]));
      if (!existing) await queryClient.invalidateQueries({ queryKey: tagKeys.list() });
      await tagEntry(call, entryId, tag.id);
      return tag.id;
    },
    onSuccess: (tagId) => {
      applyToFeeds([...(current.data ?? []).filter((id) => id !== tagId), tagId]);
      setName("");
    },
  });
  const remove = useMutation({
    mutationFn: (tagId: string) => untagEntry(call, entryId, tagId),
    onSuccess: (_, tagId) => applyToFeeds((current.data ?? []).filter((id) => id !== tagId)),
  });

  const byId = new Map((tags.data ?? []).map((t) => [t.id, t]));
  const error = add.error ?? remove.error;
  return (
    <section aria-label="Tags" className="space-y-1">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Tags</h3>
      <ul className="flex flex-wrap gap-1" data-testid="entry-tags">
        {(current.data ?? []).map((id) => {
          const tag = byId.get(id);
          return (
            <li
              key={id}
              className="flex items-center gap-1 rounded px-1.5 text-xs text-white"
              style={{ backgroundColor: tag?.color ?? "#64748b" }}
            >
              {tag?.name ?? "…"}
              {canEdit && (
                <button
                  type="button"
                  aria-label={`Remove tag ${tag?.name ?? ""}`}
                  onClick={() => remove.mutate(id)}
                  className="opacity-80 hover:opacity-100"
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
        {current.data?.length === 0 && <li className="text-xs text-zinc-500">No tags.</li>}
      </ul>
      {canEdit && (
        <form
          className="flex gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            const tagName = name.trim();
            if (tagName) add.mutate(tagName.slice(0, 50));
          }}
        >
          <input
            list={`tag-names-${entryId}`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Add a tag…"
            aria-label="Tag name"
            maxLength={50}
            className="h-7 w-40 rounded-md border border-zinc-300 bg-transparent px-2 text-xs dark:border-zinc-700"
          />
          <datalist id={`tag-names-${entryId}`}>
            {(tags.data ?? []).map((t) => (
              <option key={t.id} value={t.name} />
            ))}
          </datalist>
          <Button size="sm" type="submit" disabled={!name.trim() || add.isPending}>
            Tag
          </Button>
        </form>
      )}
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {error.message}
        </p>
      )}
    </section>
  );
}
