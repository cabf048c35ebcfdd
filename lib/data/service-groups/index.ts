import { queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationOutput } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export type ServiceGroup = OperationOutput<"list_service_groups">["items"][number];
export type GroupUsage = OperationOutput<"service_group_usage">;

export const groupKeys = {
  all: () => ["service-groups"] as const,
  list: () => ["service-groups", "list"] as const,
  domains: (id: string) => ["service-groups", "domains", id] as const,
  usage: (id: string) => ["service-groups", "usage", id] as const,
};

export const groupsOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: groupKeys.list(),
    queryFn: async (): Promise<ServiceGroup[]> => (await allItems(call, "list_service_groups", {})).items,
    staleTime: 5 * 60_000,
  });

/** Every domain of a group: lists show the first 20, the editor needs them all. */
export const groupDomainsOptions = (call: CallOperation, group: ServiceGroup) =>
  queryOptions({
    queryKey: [...groupKeys.domains(group.id), group.domain_count, group.ssl_proxy_domains] as const,
    queryFn: async (): Promise<string[]> =>
      group.domains_truncated
        ? (await call("expand_service_groups", { group_ids: [group.id] })).domains
        : group.ssl_proxy_domains,
    staleTime: 5 * 60_000,
  });

export const groupUsageOptions = (call: CallOperation, id: string) =>
  queryOptions({
    queryKey: groupKeys.usage(id),
    queryFn: () => call("service_group_usage", { group_id: id }),
    staleTime: 60_000,
  });

/** The captured hosts a pattern preview is tried against (the caller's 200 most frequent lately). */
export const previewHostsOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: ["service-groups", "preview-hosts"] as const,
    queryFn: async () => (await call("list_hosts", { limit: 200 })).items.map((h) => h.host),
    staleTime: 60_000,
  });

export const createGroup = (call: CallOperation, name: string, domains: string[]) =>
  call("create_service_group", { name, ssl_proxy_domains: domains });

/** Carries the version the editor loaded, so a newer change is refused (CONFLICT) instead of overwritten. */
export const saveGroup = (
  call: CallOperation,
  id: string,
  version: string,
  change: { name?: string; description?: string; ssl_proxy_domains?: string[] },
) => call("update_service_group", { group_id: id, ...change, expected_updated_at: version });

export const deleteGroup = (call: CallOperation, id: string) => call("delete_service_group", { group_id: id });

export const linkAgent = (call: CallOperation, groupId: string, agentId: string) =>
  call("link_agent", { group_id: groupId, agent_id: agentId });

export const setPrimary = (call: CallOperation, groupId: string, agentId: string) =>
  call("set_primary_agent", { group_id: groupId, agent_id: agentId });

/** Unlinking the primary while others remain names a successor: the next agent in order. */
export function unlinkAgent(call: CallOperation, group: ServiceGroup, agentId: string) {
  const link = group.agents.find((a) => a.agent_id === agentId);
  const successor = link?.is_primary ? group.agents.find((a) => a.agent_id !== agentId) : undefined;
  return call("unlink_agent", {
    group_id: group.id,
    agent_id: agentId,
    ...(successor ? { new_primary_agent_id: successor.agent_id } : {}),
  });
}
