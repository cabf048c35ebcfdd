"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { MutationError } from "@/components/ui/mutation-error";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations } from "@/lib/browser/providers";
import type { Device } from "@/lib/data/devices";
import { moveTab, tabHref, workspaceKeys, workspaceOptions, type WorkspaceDetail } from "@/lib/data/workspaces";

const inputClass = "h-8 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700";

interface EditorProps {
  canEdit: (owner: string | null) => boolean;
  devices: Device[] | undefined;
  onSelect: (id: string | null) => void;
}

export function WorkspaceEditor({ workspaceId, ...props }: EditorProps & { workspaceId: string | null }) {
  const call = useOperations();
  const detail = useQuery({ ...workspaceOptions(call, workspaceId ?? ""), enabled: workspaceId !== null });
  if (workspaceId === null) return <WorkspaceForm key="new" workspace={null} {...props} />;
  if (detail.isPending) return <Spinner label="Loading the workspace…" />;
  if (detail.isError)
    return (
      <StateMessage tone="error" title="The workspace could not be loaded">
        {detail.error.message} Pick another from the list.
      </StateMessage>
    );
  return <WorkspaceForm key={detail.data.id} workspace={detail.data} {...props} />;
}

interface Draft {
  name: string;
  description: string;
  devices: string[];
}

const draftOf = (w: WorkspaceDetail | null): Draft => ({
  name: w?.name ?? "",
  description: w?.description ?? "",
  devices: (w?.devices ?? []).map((d) => d.uuid).sort(),
});

function WorkspaceForm({ workspace, canEdit, devices, onSelect }: EditorProps & { workspace: WorkspaceDetail | null }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [base, setBase] = useState<Draft>(() => draftOf(workspace));
  const [draft, setDraft] = useState<Draft>(base);
  const editable = canEdit(workspace?.owner_user_id ?? null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(base);
  const current = draftOf(workspace);
  if (workspace && JSON.stringify(current) !== JSON.stringify(base) && !dirty) {
    setBase(current);
    setDraft(current);
  }
  const refresh = () => void queryClient.invalidateQueries({ queryKey: workspaceKeys.list() });
  const save = useMutation({
    mutationFn: () =>
      workspace
        ? call("update_workspace", {
            workspace_id: workspace.id,
            ...(draft.name.trim() !== base.name ? { name: draft.name.trim() } : {}),
            ...(draft.description !== base.description ? { description: draft.description } : {}),
            ...(JSON.stringify(draft.devices) !== JSON.stringify(base.devices) ? { device_uuids: draft.devices } : {}),
          })
        : call("create_workspace", {
            name: draft.name.trim(),
            description: draft.description,
            device_uuids: draft.devices,
          }),
    onSuccess: (saved) => {
      queryClient.setQueryData(workspaceKeys.detail(saved.id), saved);
      refresh();
      const next = draftOf(saved);
      setBase(next);
      setDraft(next);
      if (!workspace) onSelect(saved.id);
    },
  });
  const tabs = useMutation({
    mutationFn: (change: () => Promise<unknown>) => change(),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => call("delete_workspace", { workspace_id: workspace!.id }),
    onSuccess: () => {
      refresh();
      onSelect(null);
    },
  });
  const toggle = (uuid: string, on: boolean) =>
    setDraft((d) => ({ ...d, devices: on ? [...d.devices, uuid].sort() : d.devices.filter((x) => x !== uuid) }));
  const known = new Map((devices ?? []).map((d) => [d.uuid, d.name]));
  const listed = [
    ...(devices ?? []).map((d) => ({ uuid: d.uuid, name: d.name })),
    ...(workspace?.devices ?? []).filter((d) => !known.has(d.uuid)),
  ];
  return (
    <div className="space-y-4">
      <form
        aria-label={workspace ? `Edit workspace ${workspace.name}` : "New workspace"}
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (editable && draft.name.trim() && (dirty || !workspace)) save.mutate();
        }}
      >
        <h2 className="text-base font-semibold">{workspace ? workspace.name : "New workspace"}</h2>
        <div className="flex flex-wrap gap-3">
          <label className="flex flex-col gap-1 text-xs font-medium">
            Name
            <input
              value={draft.name}
              readOnly={!editable}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              aria-invalid={!draft.name.trim()}
              placeholder="Checkout bug"
              className={`${inputClass} w-64`}
            />
          </label>
          <label className="flex grow flex-col gap-1 text-xs font-medium">
            Description
            <input
              value={draft.description}
              readOnly={!editable}
              maxLength={2000}
              onChange={(e) => setDraft({ ...draft, description: e.target.value })}
              className={`${inputClass} w-full`}
            />
          </label>
        </div>
        <fieldset className="space-y-1 text-sm">
          <legend className="text-xs font-medium">Devices it captures from</legend>
          {listed.length === 0 ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">No devices yet: pair one on the Devices page.</p>
          ) : (
            <ul className="flex flex-wrap gap-x-4 gap-y-1" data-testid="workspace-devices">
              {listed.map((d) => (
                <li key={d.uuid}>
                  <label className="flex items-center gap-1.5 text-xs">
                    <input
                      type="checkbox"
                      disabled={!editable}
                      checked={draft.devices.includes(d.uuid)}
                      onChange={(e) => toggle(d.uuid, e.target.checked)}
                    />
                    {d.name ?? d.uuid.slice(0, 8)}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        {editable && (
          <div className="flex flex-wrap items-center gap-2">
            <Button
              type="submit"
              variant="primary"
              disabled={save.isPending || !draft.name.trim() || (!!workspace && !dirty)}
            >
              {workspace ? (save.isPending ? "Saving…" : "Save") : "Create workspace"}
            </Button>
            {!draft.name.trim() && (dirty || !workspace) && (
              <span className="text-xs text-red-700 dark:text-red-400">Name: give the workspace a name.</span>
            )}
            {workspace && dirty && <Button onClick={() => setDraft(base)}>Discard changes</Button>}
            {workspace && (
              <ConfirmDelete
                label={`Delete workspace ${workspace.name}`}
                consequence={`Deletes ${workspace.name} with its ${workspace.tab_count} tab${workspace.tab_count === 1 ? "" : "s"} and ${workspace.pinned_count} pin${workspace.pinned_count === 1 ? "" : "s"}; the captures and devices stay.`}
                pending={remove.isPending}
                onConfirm={() => remove.mutate()}
              />
            )}
          </div>
        )}
        <MutationError error={save.error} />
        <MutationError error={remove.error} />
      </form>
      {workspace && (
        <section aria-label="Feed tabs" className="space-y-2 text-sm">
          <h3 className="text-xs font-medium">
            Feed tabs ·{" "}
            <Link href={`/feed?workspace=${workspace.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
              open the workspace&apos;s feed
            </Link>
            {workspace.pinned_count > 0 &&
              ` · ${workspace.pinned_count} pinned capture${workspace.pinned_count === 1 ? "" : "s"}`}
          </h3>
          {workspace.tabs.length === 0 ? (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              No saved tabs yet. A tab is a saved feed filter; {editable ? "add one below." : "its owner can add them."}
            </p>
          ) : (
            <ol className="space-y-1" data-testid="workspace-tabs">
              {workspace.tabs.map((t, i) => (
                <li key={t.id} className="flex items-center gap-2" data-tab={t.title}>
                  <Link
                    href={tabHref(workspace.id, t) as `/feed`}
                    className="text-sky-700 hover:underline dark:text-sky-400"
                  >
                    {t.title}
                  </Link>
                  {editable && (
                    <>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Move ${t.title} up`}
                        disabled={i === 0 || tabs.isPending}
                        onClick={() =>
                          tabs.mutate(() =>
                            call("reorder_tabs", {
                              workspace_id: workspace.id,
                              tab_ids: moveTab(workspace.tabs, t.id, -1),
                            }),
                          )
                        }
                      >
                        ↑
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Move ${t.title} down`}
                        disabled={i === workspace.tabs.length - 1 || tabs.isPending}
                        onClick={() =>
                          tabs.mutate(() =>
                            call("reorder_tabs", {
                              workspace_id: workspace.id,
                              tab_ids: moveTab(workspace.tabs, t.id, 1),
                            }),
                          )
                        }
                      >
                        ↓
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove tab ${t.title}`}
                        disabled={tabs.isPending}
                        onClick={() => tabs.mutate(() => call("remove_tab", { tab_id: t.id }))}
                      >
                        Remove
                      </Button>
                    </>
                  )}
                </li>
              ))}
            </ol>
          )}
          {editable && (
            <AddTabForm
              onAdd={(input) => tabs.mutate(() => call("add_tab", { workspace_id: workspace.id, ...input }))}
              pending={tabs.isPending}
            />
          )}
          <MutationError error={tabs.error} />
        </section>
      )}
    </div>
  );
}

/** A new tab: a title and the feed filter it saves (search text, exact hosts). */
function AddTabForm({
  onAdd,
  pending,
}: {
  onAdd: (input: { title: string; filter: { search?: string; hosts?: string[] } }) => void;
  pending: boolean;
}) {
  const [title, setTitle] = useState("");
  const [search, setSearch] = useState("");
  const [hosts, setHosts] = useState("");
  const hostList = hosts
    .split(",")
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  return (
    <form
      aria-label="Add a tab"
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!title.trim()) return;
        onAdd({
          title: title.trim(),
          filter: {
            ...(search.trim() ? { search: search.trim() } : {}),
            ...(hostList.length ? { hosts: hostList } : {}),
          },
        });
        setTitle("");
        setSearch("");
        setHosts("");
      }}
    >
      <label className="flex flex-col gap-1 text-xs font-medium">
        Tab title
        <input
          value={title}
          maxLength={100}
          onChange={(e) => setTitle(e.target.value)}
          className={`${inputClass} w-40`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Search text
        <input
          value={search}
          maxLength={200}
          onChange={(e) => setSearch(e.target.value)}
          className={`${inputClass} w-40`}
        />
      </label>
      <label className="flex flex-col gap-1 text-xs font-medium">
        Hosts (comma-separated)
        <input value={hosts} onChange={(e) => setHosts(e.target.value)} className={`${inputClass} w-56`} />
      </label>
      <Button type="submit" size="sm" disabled={!title.trim() || pending}>
        Add tab
      </Button>
    </form>
  );
}
