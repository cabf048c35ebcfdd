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
import {
  agentKeys,
  agentOptions,
  createAgent,
  deleteAgent,
  deleteConsequence,
  draftOf,
  draftProblem,
  updateAgent,
  type Agent,
  type AgentDraft,
} from "@/lib/data/agents";
import { InstructionsField, InstructionsPreview } from "./instructions-field";

const inputClass = "h-8 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700";

interface EditorProps {
  canEdit: (agent: Agent | null) => boolean;
  onSelect: (id: string | null) => void;
}

/** One agent (or a new one): its fields, instructions with a preview, and where it is used. */
export function AgentEditor({ agentId, ...props }: EditorProps & { agentId: string | null }) {
  const call = useOperations();
  const agent = useQuery({ ...agentOptions(call, agentId ?? ""), enabled: agentId !== null });
  if (agentId === null) return <AgentForm key="new" agent={null} {...props} />;
  if (agent.isPending) return <Spinner label="Loading the agent…" />;
  if (agent.isError)
    return (
      <StateMessage tone="error" title="The agent could not be loaded">
        {agent.error.message} Pick another agent from the list.
      </StateMessage>
    );
  return <AgentForm key={agent.data.id} agent={agent.data} {...props} />;
}

function AgentForm({ agent, canEdit, onSelect }: EditorProps & { agent: Agent | null }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  // The version the draft was made from: a save sends its updated_at, so a newer one is never overwritten.
  const [base, setBase] = useState<Agent | null>(agent);
  const [draft, setDraft] = useState<AgentDraft>(() => draftOf(agent));
  const editable = canEdit(agent);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(base));
  // A newer version arrived live: adopt it while nothing is typed, otherwise say so.
  const newer = agent && base && agent.updated_at !== base.updated_at ? agent : null;
  if (newer && !dirty) {
    setBase(newer);
    setDraft(draftOf(newer));
  }
  const problem = draftProblem(draft);
  const save = useMutation({
    mutationFn: () => (base ? updateAgent(call, base, draft) : createAgent(call, draft)),
    onSuccess: (saved) => {
      queryClient.setQueryData(agentKeys.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: agentKeys.list() });
      setBase(saved);
      setDraft(draftOf(saved));
      if (!base) onSelect(saved.id);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteAgent(call, agent!.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: agentKeys.all() });
      onSelect(null);
    },
  });
  const reload = async () => {
    save.reset();
    if (!agent) return;
    const fresh = await queryClient.fetchQuery({ ...agentOptions(call, agent.id), staleTime: 0 });
    setBase(fresh);
    setDraft(draftOf(fresh));
  };
  const set = (patch: Partial<AgentDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const title = agent ? agent.label : "New agent";

  if (!editable && agent) {
    return (
      <article aria-label={`Agent ${agent.slug}`} className="space-y-3">
        <h2 className="text-base font-semibold">{agent.label}</h2>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">Slug</dt>
          <dd className="font-mono">{agent.slug}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">Model</dt>
          <dd>{agent.model ?? "BusyBro's default"}</dd>
        </dl>
        <InstructionsPreview text={agent.instructions} />
        <LinkedGroups agent={agent} />
      </article>
    );
  }
  return (
    <form
      aria-label={agent ? `Edit agent ${agent.slug}` : "New agent"}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (!problem && (dirty || !base)) save.mutate();
      }}
    >
      <h2 className="text-base font-semibold">{title}</h2>
      <div className="flex flex-wrap gap-3">
        <label className="flex flex-col gap-1 text-xs font-medium">
          Slug
          <input
            value={draft.slug}
            maxLength={64}
            onChange={(e) => set({ slug: e.target.value })}
            aria-invalid={problem?.field === "slug"}
            placeholder="stripe-expert"
            className={`${inputClass} w-48 font-mono`}
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Label
          <input
            value={draft.label}
            maxLength={100}
            onChange={(e) => set({ label: e.target.value })}
            aria-invalid={problem?.field === "label"}
            placeholder="Stripe expert"
            className={`${inputClass} w-64`}
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium">
          Model
          <input
            value={draft.model}
            maxLength={200}
            onChange={(e) => set({ model: e.target.value })}
            aria-invalid={problem?.field === "model"}
            placeholder="BusyBro's default"
            className={`${inputClass} w-56`}
          />
        </label>
      </div>
      <InstructionsField
        value={draft.instructions}
        onChange={(instructions) => set({ instructions })}
        invalid={problem?.field === "instructions"}
      />
      {problem && (dirty || !base) && (
        <p className="text-xs text-red-700 dark:text-red-400" data-testid="agent-problem">
          {problem.message}
        </p>
      )}
      {newer && dirty && (
        <p role="status" className="flex items-center gap-2 text-xs text-amber-800 dark:text-amber-300">
          Someone changed this agent since you loaded it; saving would be refused.
          <Button size="sm" onClick={() => void reload()}>
            Reload
          </Button>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.isPending || problem !== null || (!!base && !dirty)}>
          {base ? (save.isPending ? "Saving…" : "Save") : "Create agent"}
        </Button>
        {base && dirty && (
          <Button onClick={() => setDraft(draftOf(base))} disabled={save.isPending}>
            Discard changes
          </Button>
        )}
        {agent && (
          <ConfirmDelete
            label={`Delete agent ${agent.slug}`}
            consequence={deleteConsequence(agent)}
            pending={remove.isPending}
            onConfirm={() => remove.mutate()}
          />
        )}
      </div>
      <MutationError error={save.error} onReload={() => void reload()} />
      <MutationError error={remove.error} />
      {agent && <LinkedGroups agent={agent} />}
    </form>
  );
}

function LinkedGroups({ agent }: { agent: Agent }) {
  return (
    <section aria-label="Service groups using it" className="space-y-1 text-sm">
      <h3 className="text-xs font-medium">Service groups using it</h3>
      {agent.groups.length === 0 ? (
        <p className="text-zinc-600 dark:text-zinc-400">None yet: link it from a service group&apos;s page.</p>
      ) : (
        <ul className="flex flex-wrap gap-2" data-testid="agent-groups">
          {agent.groups.map((g) => (
            <li key={g.group_id}>
              <Link
                href={`/service-groups?group=${g.group_id}`}
                className="rounded-full border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                {g.name}
                {g.is_primary ? " · primary" : ""}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
