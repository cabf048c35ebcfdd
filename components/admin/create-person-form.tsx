"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { useOperations } from "@/lib/browser/providers";
import type { Role } from "@/lib/data/admin";

/** Creates a person and shows their one-time password once: it is never shown again. */
export function CreatePersonForm({ roles, onCreated }: { roles: Role[]; onCreated: () => void }) {
  const call = useOperations();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("");
  const create = useMutation({
    mutationFn: () => call("create_user", { email, ...(role ? { role_slug: role } : {}) }),
    onSuccess: () => {
      setEmail("");
      onCreated();
    },
  });
  return (
    <section aria-label="Add a person" className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">E-mail</span>
          <input
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            className="h-8 w-64 rounded border border-zinc-300 bg-white px-2 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        <label className="text-sm">
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">Role</span>
          <select
            value={role}
            onChange={(e) => setRole(e.target.value)}
            className="h-8 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">The default role</option>
            {roles.map((r) => (
              <option key={r.slug} value={r.slug}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="primary" disabled={create.isPending || !email}>
          Add person
        </Button>
      </form>
      {create.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {create.error.message}
        </p>
      )}
      {create.data && (
        <div
          role="status"
          className="mt-3 rounded border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-800 dark:bg-amber-950"
          data-testid="one-time-password"
        >
          <p>
            <strong>{create.data.email}</strong> can sign in with this one-time password. It is shown only now: copy it
            and hand it over.
          </p>
          <p className="mt-1 flex items-center gap-2">
            <code className="rounded bg-white px-2 py-0.5 font-mono dark:bg-zinc-900" data-testid="password">
              {create.data.one_time_password}
            </code>
            <CopyButton text={create.data.one_time_password} label="Copy password" />
          </p>
        </div>
      )}
    </section>
  );
}
