"use client";

import { scrollRegion } from "@/components/ui/scroll-region";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { LiveIndicator } from "@/components/ui/live-indicator";
import { Spinner } from "@/components/ui/spinner";
import { StateMessage } from "@/components/ui/state-message";
import { useOperations, useSupabase } from "@/lib/browser/providers";
import { agentKeys, agentsOptions, type Agent } from "@/lib/data/agents";
import { useTableLive } from "@/lib/data/live/use-table-live";
import { AgentEditor } from "./agent-editor";

interface AgentsViewProps {
  userId: string;
  /** agents:edit: may create, and edit their own (every agent with fleet scope). */
  canEdit: boolean;
  fleetScope: boolean;
  initialAgent: string | null;
}

/** BusyBro's specialist agents: the shared registry, with an editor for the chosen one. */
export function AgentsView({ userId, canEdit, fleetScope, initialAgent }: AgentsViewProps) {
  const call = useOperations();
  const agents = useQuery(agentsOptions(call));
  const live = useTableLive(
    useSupabase(),
    "agents-changes",
    ["busybro_agents", "service_group_agents", "service_groups"],
    [agentKeys.all()],
  );
  const [selected, setSelected] = useState<string | null | "new">(initialAgent);
  const choose = (id: string | null) => {
    setSelected(id);
    // Shareable and kept on reload, without a server round trip.
    window.history.replaceState(null, "", id ? `/agents?agent=${id}` : "/agents");
  };
  const current = selected ?? agents.data?.[0]?.id ?? (canEdit ? "new" : null);
  const mayEdit = (agent: Agent | null) => canEdit && (agent === null || fleetScope || agent.owner_user_id === userId);
  return (
    <div
      {...scrollRegion("Agents")}
      className="h-full overflow-auto p-4 outline-none focus-visible:ring-2 focus-visible:ring-sky-500"
    >
      <div className="mb-3 flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">BusyBro agents</h1>
        {agents.data && <span className="text-sm text-zinc-600 dark:text-zinc-400">{agents.data.length} in all</span>}
        {canEdit && (
          <Button size="sm" variant="primary" onClick={() => choose("new")}>
            New agent
          </Button>
        )}
        <LiveIndicator state={live} />
      </div>
      {agents.isPending && <Spinner label="Loading agents…" />}
      {agents.isError && (
        <StateMessage
          tone="error"
          title="The agents could not be loaded"
          action={<Button onClick={() => void agents.refetch()}>Try again</Button>}
        >
          {agents.error.message}
        </StateMessage>
      )}
      {agents.data?.length === 0 && !canEdit && (
        <StateMessage title="No agents yet">
          <p>Agents are specialists BusyBro consults for a service. Ask an admin to create one.</p>
        </StateMessage>
      )}
      {agents.data && (agents.data.length > 0 || canEdit) && (
        <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
          <nav aria-label="Agents">
            {agents.data.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">
                No agents yet. Create one: a slug, a label and the instructions BusyBro follows for a service.
              </p>
            ) : (
              <ul className="space-y-1" data-testid="agents-list">
                {agents.data.map((a) => (
                  <li key={a.id}>
                    <button
                      type="button"
                      onClick={() => choose(a.id)}
                      aria-current={current === a.id ? "true" : undefined}
                      data-agent={a.slug}
                      className={`w-full rounded-md px-2 py-1.5 text-left text-sm focus-visible:outline-2 focus-visible:outline-sky-600 ${
                        current === a.id ? "bg-sky-50 dark:bg-sky-950" : "hover:bg-zinc-50 dark:hover:bg-zinc-800"
                      }`}
                    >
                      <span className="block font-medium">{a.label}</span>
                      <span className="block font-mono text-xs text-zinc-600 dark:text-zinc-400">{a.slug}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div>
            {current !== null && (
              <AgentEditor agentId={current === "new" ? null : current} canEdit={mayEdit} onSelect={choose} />
            )}
          </div>
        </div>
      )}
    </div>
  );
}
