import type { SupabaseClient } from "@supabase/supabase-js";
import { unwrap } from "../errors";

/** People by id, for naming device owners; needs users:view (list_people refuses otherwise). */
export async function fetchPeopleNames(supabase: SupabaseClient): Promise<Record<string, string>> {
  const rows = unwrap<{ id: string; email: string | null }[]>(
    await supabase.rpc("list_people", { lim: 200 }),
    "list people",
  );
  return Object.fromEntries(rows.map((p) => [p.id, p.email ?? p.id]));
}

/**
 * How a device's owner is named: "You", their e-mail once list_people has answered, otherwise
 * the caller's fallback (a role without users:view can never learn the e-mail).
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
