"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { MutationError } from "@/components/ui/mutation-error";
import { useOperations } from "@/lib/browser/providers";
import type { AgentSummary } from "@/lib/data/agents";
import {
  createGroup,
  deleteGroup,
  groupDomainsOptions,
  groupKeys,
  groupUsageOptions,
  saveGroup,
  type ServiceGroup,
} from "@/lib/data/service-groups";
import { parsePatternLines, patternProblem } from "@/lib/data/service-groups/domains";
import { DomainsField } from "./domains-field";
import { GroupAgents } from "./group-agents";

const inputClass = "h-8 rounded-md border border-zinc-300 bg-transparent px-2 text-sm dark:border-zinc-700";

interface Draft {
  name: string;
  description: string;
  domains: string;
}

const draftOf = (group: ServiceGroup | null, domains: string[]): Draft => ({
  name: group?.name ?? "",
  description: group?.description ?? "",
  domains: domains.join("\n"),
});

export interface GroupEditorProps {
  group: ServiceGroup | null;
  canEdit: boolean;
  canSeeUsage: boolean;
  agents: AgentSummary[] | undefined;
  hosts: string[] | undefined;
  onSelect: (id: string | null) => void;
}

/** One service group: its name and domains (with a live preview), agents, and where it is used. */
export function GroupEditor(props: GroupEditorProps) {
  const call = useOperations();
  const domains = useQuery({
    ...groupDomainsOptions(call, props.group ?? emptyGroup),
    enabled: props.group !== null,
  });
  if (props.group && !domains.data) return <p className="text-sm">Loading the group&apos;s domains…</p>;
  const key = props.group ? `${props.group.id}` : "new";
  return <GroupForm key={key} {...props} domains={domains.data ?? []} />;
}

const emptyGroup: ServiceGroup = {
  id: "",
  name: "",
  description: "",
  owner_user_id: "",
  ssl_proxy_domains: [],
  domain_count: 0,
  domains_truncated: false,
  agents: [],
  updated_at: "",
};

function GroupForm({
  group,
  domains,
  canEdit,
  canSeeUsage,
  agents,
  hosts,
  onSelect,
}: GroupEditorProps & { domains: string[] }) {
  const call = useOperations();
  const queryClient = useQueryClient();
  const [base, setBase] = useState<Draft>(() => draftOf(group, domains));
  const [draft, setDraft] = useState<Draft>(base);
  // The version the draft started from: a save carries it, so a newer change is never overwritten.
  const [version, setVersion] = useState(group?.updated_at ?? "");
  const current = draftOf(group, domains);
  const dirty = JSON.stringify(draft) !== JSON.stringify(base);
  const changedElsewhere =
    group !== null && (JSON.stringify(current) !== JSON.stringify(base) || group.updated_at !== version);
  const reload = () => {
    setBase(current);
    setDraft(current);
    setVersion(group?.updated_at ?? "");
  };
  if (changedElsewhere && !dirty) reload();
  const patterns = parsePatternLines(draft.domains);
  const problem = !draft.name.trim()
    ? "Name: give the group a name, e.g. the service it covers."
    : patterns.some((p) => patternProblem(p))
      ? "Domains: fix the patterns marked above."
      : patterns.length > 500
        ? "Domains: at most 500 patterns."
        : null;
  const usage = useQuery({ ...groupUsageOptions(call, group?.id ?? ""), enabled: group !== null && canSeeUsage });
  const save = useMutation({
    mutationFn: () =>
      group
        ? saveGroup(call, group.id, version, {
            ...(draft.name.trim() !== base.name ? { name: draft.name.trim() } : {}),
            ...(draft.description !== base.description ? { description: draft.description } : {}),
            ...(draft.domains !== base.domains ? { ssl_proxy_domains: patterns } : {}),
          })
        : createGroup(call, draft.name.trim(), patterns),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: groupKeys.all() });
      const next = { name: saved.name, description: saved.description, domains: patterns.join("\n") };
      setBase(next);
      setDraft(next);
      setVersion(saved.updated_at);
      if (!group) onSelect(saved.id);
    },
  });
  const remove = useMutation({
    mutationFn: () => deleteGroup(call, group!.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: groupKeys.all() });
      onSelect(null);
    },
  });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const devicesUsing = usage.data?.devices.length ?? 0;
  return (
    <div className="space-y-4">
      <form
        aria-label={group ? `Edit service group ${group.name}` : "New service group"}
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (canEdit && !problem && (dirty || !group)) save.mutate();
        }}
      >
        <h2 className="text-base font-semibold">{group ? group.name : "New service group"}</h2>
        <div className="flex flex-wrap gap-3">
          <label className="flex flex-col gap-1 text-xs font-medium">
            Name
            <input
              value={draft.name}
              readOnly={!canEdit}
              maxLength={100}
              onChange={(e) => set({ name: e.target.value })}
              aria-invalid={!draft.name.trim()}
              placeholder="Stripe"
              className={`${inputClass} w-64`}
            />
          </label>
          <label className="flex grow flex-col gap-1 text-xs font-medium">
            Description
            <input
              value={draft.description}
              readOnly={!canEdit}
              maxLength={2000}
              onChange={(e) => set({ description: e.target.value })}
              placeholder="Payments API and dashboard"
              className={`${inputClass} w-full`}
            />
          </label>
        </div>
        <DomainsField
          value={draft.domains}
          onChange={(domains) => set({ domains })}
          hosts={hosts}
          readOnly={!canEdit}
        />
        {canEdit && (
          <>
            {problem && (dirty || !group) && (
              <p className="text-xs text-red-700 dark:text-red-400" data-testid="group-problem">
                {problem}
              </p>
            )}
            {changedElsewhere && dirty && (
              <p role="status" className="flex items-center gap-2 text-xs text-amber-800 dark:text-amber-300">
                Someone changed this group since you loaded it.
                <Button size="sm" onClick={reload}>
                  Reload
                </Button>
              </p>
            )}
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" variant="primary" disabled={save.isPending || !!problem || (!!group && !dirty)}>
                {group ? (save.isPending ? "Saving…" : "Save") : "Create group"}
              </Button>
              {group && dirty && <Button onClick={() => setDraft(base)}>Discard changes</Button>}
              {group && (
                <ConfirmDelete
                  label={`Delete service group ${group.name}`}
                  consequence={`Deletes ${group.name} and its ${group.agents.length} agent link${group.agents.length === 1 ? "" : "s"}${
                    canSeeUsage
                      ? `; ${devicesUsing} device${devicesUsing === 1 ? "" : "s"} stop decrypting its domains`
                      : ""
                  }.`}
                  pending={remove.isPending}
                  onConfirm={() => remove.mutate()}
                />
              )}
            </div>
            <MutationError
              error={save.error}
              onReload={() =>
                void queryClient.refetchQueries({ queryKey: groupKeys.list() }).then(() => {
                  save.reset();
                  setDraft(base);
                })
              }
            />
            <MutationError error={remove.error} />
          </>
        )}
      </form>
      {group && <GroupAgents group={group} agents={agents} canEdit={canEdit} />}
      {group && canSeeUsage && (
        <section aria-label="Used by" className="space-y-1 text-sm">
          <h3 className="text-xs font-medium">Used by</h3>
          {usage.isPending && <p className="text-zinc-600 dark:text-zinc-400">Finding the devices using it…</p>}
          {usage.isError && <p className="text-red-700 dark:text-red-400">{usage.error.message}</p>}
          {usage.data && (
            <>
              <p className="text-zinc-600 dark:text-zinc-400" data-testid="group-usage">
                {usage.data.in_global
                  ? "The global settings list it, so every device without its own list decrypts its domains."
                  : "The global settings do not list it."}{" "}
                {devicesUsing === 0
                  ? "No device's effective settings include it: add it in Settings."
                  : `${devicesUsing} device${devicesUsing === 1 ? "" : "s"} decrypt its domains:`}
              </p>
              {devicesUsing > 0 && (
                <ul className="flex flex-wrap gap-2" data-testid="group-devices">
                  {usage.data.devices.map((d) => (
                    <li key={d.device_uuid}>
                      <Link
                        href={`/settings?device=${d.device_uuid}`}
                        className="rounded-full border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
                      >
                        {d.name} · {d.via === "global" ? "from global" : "its own"}
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      )}
    </div>
  );
}
