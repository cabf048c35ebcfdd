"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import { agentKeys, type AgentSummary } from "@/lib/data/agents";
import { groupKeys, linkAgent, setPrimary, unlinkAgent, type ServiceGroup } from "@/lib/data/service-groups";

/** The group's BusyBro agents: exactly one primary (radio buttons), link and unlink. */
export function GroupAgents({
  group,
  agents,
  canEdit,
}: {
  group: ServiceGroup;
  agents: AgentSummary[] | undefined;
  canEdit: boolean;
}) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState("");
  const apply = useMutation({
    mutationFn: (change: () => Promise<ServiceGroup>) => change(),
    onSuccess: (saved) => {
      queryClient.setQueryData<ServiceGroup[]>(groupKeys.list(), (groups) =>
        groups?.map((g) => (g.id === saved.id ? saved : g)),
      );
      void queryClient.invalidateQueries({ queryKey: agentKeys.all() });
      setChoice("");
    },
  });
  const unlinked = (agents ?? []).filter((a) => !group.agents.some((l) => l.agent_id === a.id));
  return (
    <section aria-label="Linked agents" className="space-y-2 text-sm">
      <h3 className="text-xs font-medium">BusyBro agents</h3>
      {group.agents.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">
          No agent linked: BusyBro answers about this service as itself.{" "}
          {canEdit ? "Link one below; the first becomes the primary." : ""}
        </p>
      ) : (
        <fieldset>
          <legend className="sr-only">Primary agent</legend>
          <ul className="space-y-1" data-testid="group-agents">
            {group.agents.map((a) => (
              <li key={a.agent_id} className="flex items-center gap-2" data-agent={a.slug ?? a.agent_id}>
                <label className="flex items-center gap-2">
                  <input
                    type="radio"
                    name={`primary-${group.id}`}
                    checked={a.is_primary}
                    disabled={!canEdit || apply.isPending}
                    onChange={() => apply.mutate(() => setPrimary(call, group.id, a.agent_id))}
                    aria-label={`Primary: ${a.label ?? a.slug}`}
                  />
                  <span>
                    {a.label ?? a.slug ?? a.agent_id} <span className="font-mono text-xs">{a.slug}</span>
                  </span>
                  {a.is_primary && <span className="text-xs font-medium text-sky-700 dark:text-sky-400">primary</span>}
                </label>
                {canEdit && (
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-label={`Unlink ${a.slug ?? a.agent_id}`}
                    disabled={apply.isPending}
                    onClick={() => apply.mutate(() => unlinkAgent(call, group, a.agent_id))}
                  >
                    Unlink
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      {canEdit && (
        <form
          className="flex flex-wrap items-center gap-2"
          aria-label="Link an agent"
          onSubmit={(e) => {
            e.preventDefault();
            if (choice) apply.mutate(() => linkAgent(call, group.id, choice));
          }}
        >
          <label className="text-xs font-medium" htmlFor={`link-agent-${group.id}`}>
            Link an agent
          </label>
          <select
            id={`link-agent-${group.id}`}
            value={choice}
            onChange={(e) => setChoice(e.target.value)}
            className="h-7 rounded-md border border-zinc-300 bg-transparent px-1 text-sm dark:border-zinc-700 dark:bg-zinc-950"
          >
            <option value="">{unlinked.length ? "Choose…" : "No other agents"}</option>
            {unlinked.map((a) => (
              <option key={a.id} value={a.id}>
                {a.label} ({a.slug})
              </option>
            ))}
          </select>
          <Button size="sm" type="submit" disabled={!choice || apply.isPending}>
            Link
          </Button>
        </form>
      )}
      <MutationError error={apply.error} />
    </section>
  );
}
