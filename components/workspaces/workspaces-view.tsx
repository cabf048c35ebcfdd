"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { devicesOptions } from "@/lib/data/devices";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { workspaceKeys, workspaceSummariesOptions } from "@/lib/data/workspaces";
import { WorkspaceEditor } from "./workspace-editor";

interface WorkspacesViewProps {
  userId: string;
  canEdit: boolean;
  fleetScope: boolean;
  canListDevices: boolean;
  initialWorkspace: string | null;
}

/** Workspaces: a set of devices to capture from, saved feed tabs and pinned captures. */
export function WorkspacesView(props: WorkspacesViewProps) {
  const call = useOperations();
  const workspaces = useQuery(workspaceSummariesOptions(call));
  const devices = useQuery({ ...devicesOptions(call), enabled: props.canListDevices });
  const live = useTableLive(
    useSupabase(),
    "workspaces-changes",
    ["workspaces", "workspace_devices", "workspace_tabs"],
    [workspaceKeys.list()],
  );
  const [selected, setSelected] = useState<string | null>(props.initialWorkspace);
  const choose = (id: string | null) => {
    setSelected(id);
    window.history.replaceState(null, "", id ? `/workspaces?workspace=${id}` : "/workspaces");
  };
  const current = selected ?? workspaces.data?.[0]?.id ?? (props.canEdit ? "new" : null);
  const mayEdit = (owner: string | null) =>
    props.canEdit && (owner === null || props.fleetScope || owner === props.userId);
  return (
    <div
      {...scrollRegion("Workspaces")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Workspaces</h1>
        {workspaces.data && (
          <span className="text-sm text-zinc-600 dark:text-zinc-400">{workspaces.data.length} in all</span>
        )}
        {props.canEdit && (
          <Button size="sm" variant="primary" onClick={() => choose("new")}>
            New workspace
          </Button>
        )}
        <LiveIndicator state={live} />
      </div>
      {workspaces.isPending && <Spinner label="Loading workspaces…" />}
      {workspaces.isError && (
        <StateMessage
          tone="error"
          title="The workspaces could not be loaded"
          action={<Button onClick={() => void workspaces.refetch()}>Try again</Button>}
        >
          {workspaces.error.message}
        </StateMessage>
      )}
      {workspaces.data?.length === 0 && !props.canEdit && (
        <StateMessage title="No workspaces yet">
          <p>A workspace gathers a few devices&apos; captures and saved feed tabs. Ask someone with workspaces:edit.</p>
        </StateMessage>
      )}
      {workspaces.data && (workspaces.data.length > 0 || props.canEdit) && (
        <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
          <nav aria-label="Workspaces">
            {workspaces.data.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                No workspaces yet. Create one for an investigation: pick the devices it captures from.
              </p>
            ) : (
              <ul className="space-y-1" data-testid="workspaces-list">
                {workspaces.data.map((w) => (
                  <li key={w.id}>
                    <button
                      type="button"
                      onClick={() => choose(w.id)}
                      aria-current={current === w.id ? "true" : undefined}
                      data-workspace={w.name}
                      className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${
                        current === w.id ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-800"
                      }`}
                    >
                      <span className="block font-medium">{w.name}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                        {w.device_count} device{w.device_count === 1 ? "" : "s"} · {w.tab_count} tab
                        {w.tab_count === 1 ? "" : "s"} · {w.pinned_count} pinned
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div>
            {current !== null && (
              <WorkspaceEditor
                workspaceId={current === "new" ? null : current}
                canEdit={mayEdit}
                devices={devices.data}
                onSelect={choose}
              />
            )}
          </div>
        </div>
      )}
    </div>
  );
}
