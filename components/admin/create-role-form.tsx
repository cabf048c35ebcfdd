"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useOperations } from "@/lib/browser/providers";
import { adminKeys } from "@/lib/data/admin";

const inputClass =
  "h-8 w-full rounded border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";

/** A new custom role starts with viewing devices and captures in its own scope; the matrix does the rest. */
export function CreateRoleForm({ onCreated }: { onCreated: (slug: string) => void }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const create = useMutation({
    mutationFn: () =>
      call("create_role", {
        slug:
          slug ||
          name
            .toLowerCase()
            .replace(/[^a-z0-9_-]+/g, "-")
            .replace(/^-+|-+$/g, ""),
        name,
        scope: "own",
        capabilities: ["devices:view", "entries:view"],
      }),
    onSuccess: async (role) => {
      setName("");
      setSlug("");
      await queryClient.invalidateQueries({ queryKey: adminKeys.roles() });
      onCreated(role.slug);
    },
  });
  return (
    <form
      className="mt-4 space-y-2 border-t border-zinc-200 pt-3 dark:border-zinc-800"
      aria-label="New role"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <h2 className="text-sm font-medium">New role</h2>
      <label className="block text-xs">
        Name
        <input className={inputClass} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
      </label>
      <label className="block text-xs">
        Slug (optional)
        <input
          className={inputClass}
          value={slug}
          onChange={(e) => setSlug(e.target.value)}
          maxLength={40}
          placeholder="from the name"
        />
      </label>
      {create.isError && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {create.error.message}
        </p>
      )}
      <Button type="submit" variant="primary" size="sm" disabled={create.isPending || !name.trim()}>
        Create role
      </Button>
    </form>
  );
}
