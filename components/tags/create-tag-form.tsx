"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import { createTag, tagKeys, upsertTag, type Tag } from "@/lib/data/tags";

const inputClass = "h-8 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700";

export function CreateTagForm({ existing }: { existing: Tag[] }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [color, setColor] = useState("#0ea5e9");
  const trimmed = name.trim();
  const duplicate = existing.some((t) => t.name === trimmed);
  const create = useMutation({
    mutationFn: () => createTag(call, trimmed, color),
    onSuccess: (tag) => {
      queryClient.setQueryData<Tag[]>(tagKeys.list(), (tags) => upsertTag(tags, tag));
      setName("");
    },
  });
  return (
    <form
      className="mb-4 flex flex-wrap items-end gap-2"
      aria-label="New tag"
      onSubmit={(e) => {
        e.preventDefault();
        if (trimmed && !duplicate) create.mutate();
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium">
        Name
        <input
          value={name}
          maxLength={50}
          onChange={(e) => setName(e.target.value)}
          placeholder="auth-flow"
          aria-invalid={duplicate}
          aria-describedby={duplicate ? "new-tag-duplicate" : undefined}
          className={`${inputClass} w-56`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Colour
        <input
          type="color"
          value={color}
          onChange={(e) => setColor(e.target.value)}
          className="h-8 w-12 rounded-md border border-zinc-300 dark:border-zinc-700"
        />
      </label>
      <Button type="submit" variant="primary" disabled={!trimmed || duplicate || create.isPending}>
        Create tag
      </Button>
      {duplicate && (
        <span id="new-tag-duplicate" className="text-xs text-red-700 dark:text-red-400">
          Name: you already have a tag called {trimmed}.
        </span>
      )}
      <MutationError error={create.error} />
    </form>
  );
}
