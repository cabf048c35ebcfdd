import type { SupabaseClient } from "@supabase/supabase-js";
import { unwrap } from "../errors";

/** People by id, for naming device owners; needs users:view (list_people refuses otherwise). */
export async function fetchPeopleNames(supabase: SupabaseClient): Promise<Record<string, string>> {
  const rows = unwrap<{ id: string; email: string | null }[]>(await supabase.rpc("list_people", { lim: 200 }), "list people");
  return Object.fromEntries(rows.map((p) => [p.id, p.email ?? p.id]));
}
