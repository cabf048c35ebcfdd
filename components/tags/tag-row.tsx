"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import { deleteTag, tagKeys, updateTag, upsertTag, type Tag } from "@/lib/data/tags";

const captures = (n: number) => `${n.toLocaleString("en-US")} capture${n === 1 ? "" : "s"}`;

export function TagRow({ tag, canEdit }: { tag: Tag; canEdit: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  // The version being edited: what the form loaded, kept even if a newer one arrives live.
  const [editing, setEditing] = useState<Tag | null>(null);
  const [name, setName] = useState(tag.name);
  const [color, setColor] = useState(tag.color);
  const startEditing = (from: Tag) => {
    setEditing(from);
    setName(from.name);
    setColor(from.color);
  };
  const save = useMutation({
    mutationFn: (base: Tag) =>
      updateTag(call, base, {
        ...(name.trim() !== base.name ? { name: name.trim() } : {}),
        ...(color !== base.color ? { color } : {}),
      }),
    onSuccess: (saved) => {
      queryClient.setQueryData<Tag[]>(tagKeys.list(), (tags) => upsertTag(tags, saved));
      setEditing(null);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteTag(call, tag.id),
    onSuccess: () => queryClient.setQueryData<Tag[]>(tagKeys.list(), (tags) => tags?.filter((t) => t.id !== tag.id)),
  });
  const feedHref = `/feed?tags=${tag.id}` as const;
  if (editing) {
    const unchanged = name.trim() === editing.name && color === editing.color;
    return (
      <tr data-tag={tag.id} className="border-b border-zinc-100 dark:border-zinc-800/70">
        <td className="px-2 py-1.5" colSpan={3}>
          <form
            className="flex flex-wrap items-center gap-2"
            aria-label={`Edit tag ${editing.name}`}
            onSubmit={(e) => {
              e.preventDefault();
              if (unchanged) setEditing(null);
              else if (name.trim()) save.mutate(editing);
            }}
            onKeyDown={(e) => e.key === "Escape" && setEditing(null)}
          >
            <input
              autoFocus
              value={name}
              maxLength={50}
              onChange={(e) => setName(e.target.value)}
              aria-label="Tag name"
              aria-invalid={name.trim() === ""}
              className="h-7 w-48 rounded border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700"
            />
            <input
              type="color"
              value={color}
              onChange={(e) => setColor(e.target.value)}
              aria-label="Tag colour"
              className="h-7 w-10 rounded border border-zinc-300 dark:border-zinc-700"
            />
            <Button size="sm" variant="primary" type="submit" disabled={save.isPending || name.trim() === ""}>
              Save
            </Button>
            <Button size="sm" variant="ghost" onClick={() => setEditing(null)}>
              Cancel
            </Button>
            <MutationError
              error={save.error}
              onReload={async () => {
                save.reset();
                await queryClient.invalidateQueries({ queryKey: tagKeys.list() });
                const fresh = queryClient.getQueryData<Tag[]>(tagKeys.list())?.find((t) => t.id === tag.id);
                if (fresh) startEditing(fresh);
                else setEditing(null);
              }}
            />
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr data-tag={tag.id} className="border-b border-zinc-100 dark:border-zinc-800/70">
      <td className="px-2 py-1.5">
        <span className="inline-flex items-center gap-2">
          <span aria-hidden className="size-3 rounded-full" style={{ backgroundColor: tag.color }} />
          <span className="font-medium" data-testid="tag-name">
            {tag.name}
          </span>
        </span>
      </td>
      <td className="px-2 py-1.5">
        <Link
          href={feedHref}
          className="text-sky-700 hover:underline dark:text-sky-400"
          data-testid="tag-count"
          data-count={tag.entry_count}
        >
          {captures(tag.entry_count)}
          <span className="sr-only"> tagged {tag.name}, in the feed</span>
        </Link>
      </td>
      <td className="px-2 py-1.5 text-right">
        {canEdit && (
          <span className="inline-flex flex-wrap items-center justify-end gap-1">
            <Button size="sm" variant="ghost" aria-label={`Edit tag ${tag.name}`} onClick={() => startEditing(tag)}>
              Edit
            </Button>
            <ConfirmDelete
              label={`Delete tag ${tag.name}`}
              consequence={`Removes ${tag.name} from ${captures(tag.entry_count)}; the captures stay.`}
              pending={remove.isPending}
              onConfirm={() => remove.mutate()}
            />
            <MutationError error={remove.error} />
          </span>
        )}
      </td>
    </tr>
  );
}
