"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import { activeAdmins, adminKeys, rolesOptions, usersOptions, type PersonRow } from "@/lib/data/admin";
import { CreatePersonForm } from "./create-person-form";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/** People with their role, last sign-in and devices; an admin changes roles and (de)activates here. */
export function UsersView({
  userId,
  canEdit,
  canListRoles,
}: {
  userId: string;
  canEdit: boolean;
  canListRoles: boolean;
}) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const people = useQuery(usersOptions(call));
  const roles = useQuery({ ...rolesOptions(call), enabled: canListRoles });
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.people() });
  const assign = useMutation({
    mutationFn: (input: { user_id: string; role_slug: string }) => call("assign_role", input),
    onSuccess: async (_r, input) => {
      setMessage({ tone: "ok", text: `Role changed to ${input.role_slug}; it applies from their next request.` });
      await refresh();
    },
    onError: (error) => setMessage({ tone: "error", text: error.message }),
  });
  const activate = useMutation({
    mutationFn: (input: { user_id: string; active: boolean }) => call("set_user_active", input),
    onSuccess: async (result) => {
      setMessage({
        tone: "ok",
        text: result.active
          ? "Reactivated: they can sign in again (connected apps must be authorised anew)."
          : "Deactivated: their sessions, tokens and connected apps stopped working at once." +
            (result.devices_kept > 0
              ? ` Their ${result.devices_kept === 1 ? "device keeps" : `${result.devices_kept} devices keep`} capturing; revoke on Devices if needed.`
              : ""),
      });
      await refresh();
    },
    onError: (error) => setMessage({ tone: "error", text: error.message }),
  });
  if (people.isPending)
    return (
      <div className="p-4">
        <Spinner label="Loading people…" />
      </div>
    );
  if (people.isError)
    return (
      <StateMessage tone="error" title="The people could not be loaded">
        {people.error.message}
      </StateMessage>
    );
  const admins = activeAdmins(people.data);
  const lastAdmin = (p: PersonRow) => p.role_slug === "admin" && p.active && admins.length <= 1;
  return (
    <div
      {...scrollRegion("People")}
      className="h-full space-y-4 overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-lg font-semibold">People</h1>
        <span className="text-sm text-zinc-600 dark:text-zinc-400">
          {people.data.length} in all · {admins.length} active {admins.length === 1 ? "admin" : "admins"}
        </span>
      </div>
      {canEdit && <CreatePersonForm roles={roles.data?.items ?? []} onCreated={refresh} />}
      {message && (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={`text-sm ${message.tone === "error" ? "text-red-700 dark:text-red-400" : "text-green-800 dark:text-green-300"}`}
        >
          {message.text}
        </p>
      )}
      <table className="w-full text-sm" data-testid="people">
        <caption className="sr-only">People</caption>
        <thead className="text-left text-xs text-zinc-600 dark:text-zinc-400">
          <tr>
            <th scope="col" className="p-2">
              E-mail
            </th>
            <th scope="col" className="p-2">
              Role
            </th>
            <th scope="col" className="p-2">
              Last sign-in
            </th>
            <th scope="col" className="p-2">
              Devices
            </th>
            <th scope="col" className="p-2">
              State
            </th>
          </tr>
        </thead>
        <tbody>
          {people.data.map((p) => (
            <tr
              key={p.id}
              className="border-t border-zinc-200 dark:border-zinc-800"
              data-testid="person"
              data-email={p.email ?? ""}
            >
              <th scope="row" className="p-2 text-left font-medium">
                {p.email ?? p.id}
                {p.id === userId && <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">(you)</span>}
              </th>
              <td className="p-2">
                {canEdit && roles.data ? (
                  <>
                    <select
                      aria-label={`Role of ${p.email ?? p.id}`}
                      value={p.role_slug ?? ""}
                      disabled={assign.isPending || lastAdmin(p)}
                      aria-describedby={lastAdmin(p) ? `last-admin-${p.id}` : undefined}
                      onChange={(event) => assign.mutate({ user_id: p.id, role_slug: event.target.value })}
                      className="h-7 rounded border border-zinc-300 bg-white px-1 dark:border-zinc-700 dark:bg-zinc-900"
                    >
                      {roles.data.items.map((r) => (
                        <option key={r.slug} value={r.slug}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                    {lastAdmin(p) && (
                      <span
                        id={`last-admin-${p.id}`}
                        className="ml-2 text-xs text-amber-800 dark:text-amber-300"
                        data-testid="last-admin"
                      >
                        {p.id === userId ? "You are the last admin" : "The last admin"}: make someone else an admin
                        first.
                      </span>
                    )}
                  </>
                ) : (
                  (p.role_name ?? "—")
                )}
              </td>
              <td className="p-2">{when(p.last_sign_in_at)}</td>
              <td className="p-2 tabular-nums">{p.devices_owned}</td>
              <td className="p-2">
                <span className={p.active ? "" : "font-medium text-red-700 dark:text-red-400"}>
                  {p.active ? "Active" : "Deactivated"}
                </span>
                {canEdit && p.id !== userId && (
                  <Button
                    size="sm"
                    variant={p.active ? "danger" : "secondary"}
                    className="ml-2"
                    disabled={activate.isPending || (p.active && lastAdmin(p))}
                    onClick={() => activate.mutate({ user_id: p.id, active: !p.active })}
                  >
                    {p.active ? "Deactivate" : "Reactivate"}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
