"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { adminKeys, rolesOptions, usersOptions, type Role } from "@/lib/data/admin";
import { CapabilityMatrix } from "./capability-matrix";
import { CreateRoleForm } from "./create-role-form";

/** Roles and their capabilities; edits apply to everyone holding the role on their next request. */
export function RolesView({ canEdit, canListPeople }: { canEdit: boolean; canListPeople: boolean }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const roles = useQuery(rolesOptions(call));
  const people = useQuery({ ...usersOptions(call), enabled: canListPeople });
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const role = roles.data?.items.find((r) => r.slug === (selected ?? roles.data?.items[0]?.slug));
  const holders = (slug: string) => people.data?.filter((p) => p.role_slug === slug).length;

  const save = useMutation({
    mutationFn: (input: { role_slug: string; name?: string; scope?: "own" | "fleet"; capabilities?: string[] }) =>
      call("update_role", input),
    // The grid shows the change at once; a refusal puts the saved state back.
    onMutate: async (input) => {
      if (!input.capabilities && !input.scope) return;
      await queryClient.cancelQueries({ queryKey: adminKeys.roles() });
      queryClient.setQueryData(adminKeys.roles(), (old: { items: Role[] } | undefined) =>
        old
          ? {
              items: old.items.map((r) =>
                r.slug === input.role_slug
                  ? { ...r, capabilities: input.capabilities ?? r.capabilities, scope: input.scope ?? r.scope }
                  : r,
              ),
            }
          : old,
      );
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(adminKeys.roles(), (old: { items: Role[] } | undefined) =>
        old ? { items: old.items.map((r) => (r.slug === updated.slug ? updated : r)) } : old,
      );
      const n = holders(updated.slug);
      setMessage({
        tone: "ok",
        text: `Saved. ${n === undefined ? "Everyone" : `${n} ${n === 1 ? "person" : "people"}`} with ${updated.name} ${n === 1 ? "has" : "have"} it from their next request.`,
      });
    },
    onError: (error) => {
      setMessage({ tone: "error", text: error.message });
      void queryClient.invalidateQueries({ queryKey: adminKeys.roles() });
    },
  });
  const remove = useMutation({
    mutationFn: (slug: string) => call("delete_role", { role_slug: slug }),
    onSuccess: async () => {
      setSelected(null);
      setMessage({ tone: "ok", text: "Role deleted." });
      await queryClient.invalidateQueries({ queryKey: adminKeys.roles() });
    },
    onError: (error) => setMessage({ tone: "error", text: error.message }),
  });

  if (roles.isPending)
    return (
      <div className="p-4">
        <Spinner label="Loading roles…" />
      </div>
    );
  if (roles.isError)
    return (
      <StateMessage tone="error" title="The roles could not be loaded">
        {roles.error.message}
      </StateMessage>
    );
  const held = role ? holders(role.slug) : undefined;
  return (
    <div
      {...scrollRegion("Roles")}
      className="flex h-full flex-col gap-4 overflow-auto p-4 lg:flex-row outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <nav aria-label="Roles" className="shrink-0 lg:w-56">
        <h1 className="mb-2 text-lg font-semibold">Roles</h1>
        <ul className="space-y-1">
          {roles.data.items.map((r) => (
            <li key={r.slug}>
              <button
                type="button"
                aria-current={r.slug === role?.slug ? "true" : undefined}
                onClick={() => {
                  setSelected(r.slug);
                  setMessage(null);
                }}
                className={`w-full rounded px-2 py-1 text-left text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${r.slug === role?.slug ? "bg-sky-100 font-medium dark:bg-sky-900" : "hover:bg-zinc-100 dark:hover:bg-zinc-800"}`}
              >
                {r.name}{" "}
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {r.scope}
                  {r.built_in ? " · built in" : ""}
                  {r.is_default ? " · default" : ""}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {canEdit && <CreateRoleForm onCreated={(slug) => setSelected(slug)} />}
      </nav>
      {role && (
        <section aria-labelledby="role-title" className="min-w-0 flex-1">
          <div className="mb-3 flex flex-wrap items-center gap-3">
            <h2 id="role-title" className="text-base font-semibold">
              {role.name}
            </h2>
            <span className="text-sm text-zinc-600 dark:text-zinc-400">
              {role.slug}
              {held !== undefined && ` · held by ${held}`}
            </span>
            {canEdit && !role.built_in && (
              <Button
                variant="danger"
                size="sm"
                className="ml-auto"
                disabled={remove.isPending || (held ?? 0) > 0 || role.is_default}
                title={
                  (held ?? 0) > 0
                    ? "Assign those people another role first"
                    : role.is_default
                      ? "Make another role the default first"
                      : undefined
                }
                onClick={() => remove.mutate(role.slug)}
              >
                Delete role
              </Button>
            )}
          </div>
          {role.slug === "admin" && (
            <p
              className="mb-3 rounded border border-zinc-200 bg-zinc-50 p-2 text-sm dark:border-zinc-800 dark:bg-zinc-900"
              data-testid="admin-read-only"
            >
              The built-in admin role is read-only: it always has every capability with fleet scope, so that someone can
              always manage people and roles. Give people other roles instead.
            </p>
          )}
          {message && (
            <p
              role={message.tone === "error" ? "alert" : "status"}
              className={`mb-3 text-sm ${message.tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-800 dark:text-green-300"}`}
            >
              {message.text}
            </p>
          )}
          <CapabilityMatrix
            key={role.slug}
            role={role}
            editable={canEdit && role.slug !== "admin"}
            busy={save.isPending}
            onRename={(name) => save.mutate({ role_slug: role.slug, name })}
            onScope={(scope) => save.mutate({ role_slug: role.slug, scope })}
            onCapabilities={(capabilities) => save.mutate({ role_slug: role.slug, capabilities })}
          />
        </section>
      )}
    </div>
  );
}
