import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export type AgentSummary = OperationOutput<"list_agents">["items"][number];
export type Agent = OperationOutput<"get_agent">;

export const agentKeys = {
  all: () => ["agents"] as const,
  list: () => ["agents", "list"] as const,
  detail: (id: string) => ["agents", "detail", id] as const,
};

export const agentsOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: agentKeys.list(),
    queryFn: async (): Promise<AgentSummary[]> => (await allItems(call, "list_agents", {})).items,
    staleTime: 5 * 60_000,
  });

export const agentOptions = (call: CallOperation, id: string) =>
  queryOptions({
    queryKey: agentKeys.detail(id),
    queryFn: (): Promise<Agent> => call("get_agent", { agent_id: id }),
    staleTime: 5 * 60_000,
  });

export interface AgentDraft {
  slug: string;
  label: string;
  model: string;
  instructions: string;
}

export const draftOf = (agent: Agent | null): AgentDraft => ({
  slug: agent?.slug ?? "",
  label: agent?.label ?? "",
  model: agent?.model ?? "",
  instructions: agent?.instructions ?? "",
});

/** The browser's own check of the slug, the same rule create_agent applies. */
export const SLUG_RULE = /^[a-z][a-z0-9_-]{1,63}$/;

/** Which field a draft gets wrong, named as the operation would name it; null when it is fine. */
export function draftProblem(draft: AgentDraft): { field: keyof AgentDraft; message: string } | null {
  if (!SLUG_RULE.test(draft.slug.trim().toLowerCase()))
    return { field: "slug", message: "Slug: 2–64 characters, a letter first, then letters, digits, - or _." };
  if (!draft.label.trim()) return { field: "label", message: "Label: give the agent a name people will recognise." };
  if (draft.label.trim().length > 100) return { field: "label", message: "Label: at most 100 characters." };
  if (draft.model.trim().length > 200) return { field: "model", message: "Model: at most 200 characters." };
  if (draft.instructions.length > 20_000)
    return { field: "instructions", message: "Instructions: at most 20,000 characters." };
  return null;
}

export const createAgent = (call: CallOperation, draft: AgentDraft) =>
  call("create_agent", {
    slug: draft.slug.trim(),
    label: draft.label.trim(),
    instructions: draft.instructions,
    ...(draft.model.trim() ? { model: draft.model.trim() } : {}),
  });

/** Only what changed, with the version the editor loaded (a newer change answers CONFLICT). */
export function updateAgent(call: CallOperation, base: Agent, draft: AgentDraft) {
  const input: OperationInput<"update_agent"> = { agent_id: base.id, expected_updated_at: base.updated_at };
  if (draft.slug.trim() !== base.slug) input.slug = draft.slug.trim();
  if (draft.label.trim() !== base.label) input.label = draft.label.trim();
  if (draft.instructions !== base.instructions) input.instructions = draft.instructions;
  if ((draft.model.trim() || null) !== base.model) input.model = draft.model.trim() || null;
  return call("update_agent", input);
}

export const deleteAgent = (call: CallOperation, id: string) => call("delete_agent", { agent_id: id });

/** What deleting the agent removes, in words. */
export function deleteConsequence(agent: Agent): string {
  if (agent.groups.length === 0) return `Deletes ${agent.slug}; no service group links it.`;
  const names = agent.groups.map((g) => (g.is_primary ? `${g.name} (primary)` : g.name)).join(", ");
  return `Deletes ${agent.slug} and removes its link${agent.groups.length === 1 ? "" : "s"} from ${names}.`;
}
