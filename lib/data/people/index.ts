import { queryOptions } from "@tanstack/react-query";
import type { CallOperation } from "@/lib/operations/registry-types";
import { allItems } from "../pages";

export const peopleKeys = { names: () => ["people", "names"] as const };

/** People by id, for naming device owners; needs users:view (list_users refuses otherwise). */
export async function fetchPeopleNames(call: CallOperation): Promise<Record<string, string>> {
  const { items } = await allItems(call, "list_users", {});
  return Object.fromEntries(items.map((p) => [p.id, p.email ?? p.id]));
}

// Needs users:view: callers gate it with `enabled`.
export const peopleOptions = (call: CallOperation) =>
  queryOptions({ queryKey: peopleKeys.names(), queryFn: () => fetchPeopleNames(call), staleTime: 5 * 60_000 });

/**
 * How a device's owner is named: "You", their e-mail once the people list has answered,
 * otherwise the caller's fallback (a role without users:view can never learn the e-mail).
 */
export function ownerLabel(
  ownerId: string,
  userId: string,
  names: Record<string, string> | undefined,
  fallback: string,
): string {
  if (ownerId === userId) return "You";
  return names?.[ownerId] ?? fallback;
}
