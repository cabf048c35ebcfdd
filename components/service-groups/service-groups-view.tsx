"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { agentsOptions } from "@/lib/data/agents";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { groupKeys, groupsOptions, previewHostsOptions } from "@/lib/data/service-groups";
import { GroupEditor } from "./group-editor";

interface ServiceGroupsViewProps {
  userId: string;
  canEdit: boolean;
  fleetScope: boolean;
  /** agents:view: linked agents can be chosen from the registry. */
  canListAgents: boolean;
  /** settings:view and devices:view: which devices use a group. */
  canSeeUsage: boolean;
  /** entries:view: the domain preview is tried against captured hosts. */
  canListHosts: boolean;
  initialGroup: string | null;
}

/** Service groups (Proxyman-style "Apps"): domains devices decrypt, and the agents BusyBro consults. */
export function ServiceGroupsView(props: ServiceGroupsViewProps) {
  const call = useOperations();
  const groups = useQuery(groupsOptions(call));
  const agents = useQuery({ ...agentsOptions(call), enabled: props.canListAgents });
  const hosts = useQuery({ ...previewHostsOptions(call), enabled: props.canListHosts });
  const live = useTableLive(
    useSupabase(),
    "service-groups-changes",
    ["service_groups", "service_group_agents", "busybro_agents", "settings_global", "settings_device"],
    [groupKeys.all()],
  );
  const [selected, setSelected] = useState<string | null>(props.initialGroup);
  const choose = (id: string | null) => {
    setSelected(id);
    window.history.replaceState(null, "", id ? `/service-groups?group=${id}` : "/service-groups");
  };
  const current = selected ?? groups.data?.[0]?.id ?? (props.canEdit ? "new" : null);
  const group = groups.data?.find((g) => g.id === current) ?? null;
  const mayEdit = (owner: string | null) =>
    props.canEdit && (owner === null || props.fleetScope || owner === props.userId);
  return (
    <div
      {...scrollRegion("Service groups")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">Service groups</h1>
        {groups.data && <span className="text-sm text-zinc-600 dark:text-zinc-400">{groups.data.length} in all</span>}
        {props.canEdit && (
          <Button size="sm" variant="primary" onClick={() => choose("new")}>
            New group
          </Button>
        )}
        <LiveIndicator state={live} />
      </div>
      {groups.isPending && <Spinner label="Loading service groups…" />}
      {groups.isError && (
        <StateMessage
          tone="error"
          title="The service groups could not be loaded"
          action={<Button onClick={() => void groups.refetch()}>Try again</Button>}
        >
          {groups.error.message}
        </StateMessage>
      )}
      {groups.data?.length === 0 && !props.canEdit && (
        <StateMessage title="No service groups yet">
          <p>A service group names the domains a device decrypts. Ask someone with services:edit to create one.</p>
        </StateMessage>
      )}
      {groups.data && (groups.data.length > 0 || props.canEdit) && (
        <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
          <nav aria-label="Service groups">
            {groups.data.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                No service groups yet. Create one with the domains whose HTTPS traffic your devices should decrypt.
              </p>
            ) : (
              <ul className="space-y-1" data-testid="groups-list">
                {groups.data.map((g) => (
                  <li key={g.id}>
                    <button
                      type="button"
                      onClick={() => choose(g.id)}
                      aria-current={current === g.id ? "true" : undefined}
                      data-group={g.name}
                      className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${
                        current === g.id ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-800"
                      }`}
                    >
                      <span className="block font-medium">{g.name}</span>
                      <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                        {g.domain_count} domain{g.domain_count === 1 ? "" : "s"} · {g.agents.length} agent
                        {g.agents.length === 1 ? "" : "s"}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div>
            {current === "new" || group ? (
              <GroupEditor
                group={group}
                canEdit={mayEdit(group?.owner_user_id ?? null)}
                canSeeUsage={props.canSeeUsage}
                agents={agents.data}
                hosts={props.canListHosts ? hosts.data : []}
                onSelect={choose}
              />
            ) : (
              current && (
                <StateMessage title="That service group is not among yours">
                  It may have been deleted, or it belongs to someone else. Pick one from the list.
                </StateMessage>
              )
            )}
          </div>
        </div>
      )}
    </div>
  );
}
