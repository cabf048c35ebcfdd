import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CallOperation, OperationInput, OperationOutput } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export type Role = OperationOutput<"list_roles">["items"][number];
export type PersonRow = OperationOutput<"list_users">["items"][number];
export type AuditPage = OperationOutput<"get_audit_log">;
export type AuditItem = AuditPage["items"][number];

/** The capability sections of role_capabilities, in the order the matrix shows them (the registry's own list). */
export { SECTIONS as CAPABILITY_SECTIONS } from "@/lib/operations/types";

export const adminKeys = {
  roles: () => ["roles"] as const,
  people: () => ["people", "all"] as const,
  audit: (filters: AuditFilters) => ["audit", filters] as const,
};

export const rolesOptions = (call: CallOperation) =>
  queryOptions({ queryKey: adminKeys.roles(), queryFn: () => call("list_roles", {}), staleTime: 30_000 });

export const usersOptions = (call: CallOperation) =>
  queryOptions({
    queryKey: adminKeys.people(),
    queryFn: async () => (await allItems(call, "list_users", {})).items,
    staleTime: 30_000,
  });

export interface AuditFilters {
  actor?: string;
  table?: string;
  since?: string;
  until?: string;
}

export const AUDIT_PAGE = 50;

export const auditOptions = (call: CallOperation, filters: AuditFilters) =>
  infiniteQueryOptions({
    queryKey: adminKeys.audit(filters),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const input: OperationInput<"get_audit_log"> = {
        include_rows: true,
        limit: AUDIT_PAGE,
        ...(filters.actor ? { actor_user_id: filters.actor } : {}),
        ...(filters.table ? { target_table: filters.table } : {}),
        ...(filters.since ? { since: filters.since } : {}),
        ...(filters.until ? { until: filters.until } : {}),
        ...(pageParam ? { cursor: pageParam } : {}),
      };
      return call("get_audit_log", input);
    },
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 10_000,
  });

/** A role's capabilities with `edit` implying `view`, as the database reads them. */
export function capabilityState(capabilities: readonly string[], section: string): "none" | "view" | "edit" {
  if (capabilities.includes(`${section}:edit`)) return "edit";
  return capabilities.includes(`${section}:view`) ? "view" : "none";
}

/** The capability list after one matrix cell changes: edit on adds view's meaning, view off drops edit. */
export function toggleCapability(
  capabilities: readonly string[],
  section: string,
  action: "view" | "edit",
  on: boolean,
): string[] {
  const rest = capabilities.filter((c) => !c.startsWith(`${section}:`));
  const current = capabilityState(capabilities, section);
  let next: "none" | "view" | "edit";
  if (action === "edit") next = on ? "edit" : current === "none" ? "none" : "view";
  else next = on ? (current === "edit" ? "edit" : "view") : "none";
  if (next === "none") return rest.sort();
  return [...rest, `${section}:${next}`].sort();
}

/** Admins who can still sign in: the last one may not be demoted or deactivated. */
export function activeAdmins(people: readonly PersonRow[]): PersonRow[] {
  return people.filter((p) => p.role_slug === "admin" && p.active);
}
