import type { SupabaseClient } from "@supabase/supabase-js";
import { unwrap } from "../errors";

/**
 * The person's role and capabilities, read from the database as they are (never from the
 * token), so navigation matches what RLS will allow. Own `user_roles` row is always readable;
 * the role catalogue is readable by everyone signed in.
 */
export interface Access {
  userId: string;
  role: { id: string; slug: string; name: string; scope: "own" | "fleet" } | null;
  /** "section:action" pairs; edit implies view, as in has_capability(). */
  capabilities: string[];
}

export async function fetchAccess(supabase: SupabaseClient, userId: string): Promise<Access> {
  const assignment = unwrap<{ role_id: string }[]>(
    await supabase.from("user_roles").select("role_id").eq("user_id", userId).limit(1),
    "read your role",
  );
  const roleId = assignment[0]?.role_id;
  if (!roleId) return { userId, role: null, capabilities: [] };
  const [roles, caps] = await Promise.all([
    supabase.from("roles").select("id,slug,name,scope").eq("id", roleId).limit(1),
    supabase.from("role_capabilities").select("section,action").eq("role_id", roleId),
  ]);
  const role = unwrap<Access["role"][]>(roles, "read your role")[0] ?? null;
  const granted = new Set<string>();
  for (const { section, action } of unwrap<{ section: string; action: string }[]>(caps, "read your capabilities")) {
    granted.add(`${section}:${action}`);
    if (action === "edit") granted.add(`${section}:view`);
  }
  return { userId, role, capabilities: [...granted].sort() };
}

export const can = (access: Access | undefined, capability: string) =>
  Boolean(access?.capabilities.includes(capability));
