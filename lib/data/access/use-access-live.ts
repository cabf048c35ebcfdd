"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import type { SupabaseClient } from "@/lib/browser/supabase";
import { accessKeys } from "./index";

type Row = Record<string, unknown>;

/** Whether a change to roles, role_capabilities or user_roles touches this person's access. */
export function touchesAccess(
  table: string,
  row: Row,
  { userId, roleId }: { userId: string; roleId: string | null },
): boolean {
  if (table === "user_roles") return row.user_id === userId;
  if (table === "role_capabilities") return row.role_id === roleId;
  return table === "roles" && row.id === roleId;
}

/**
 * A role change applies at once in the database (it reads the role per call); this makes the
 * open page show it at once too: when a change touches the person's own role or assignment,
 * the access query is read again and the server components re-render (guards, navigation,
 * edit controls). Changes to other roles leave the page alone, so an admin editing a role is
 * not re-rendered under their own edits.
 */
export function useAccessLive(supabase: SupabaseClient, who: { userId: string; roleId: string | null }): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  const { userId, roleId } = who;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const channel = supabase.channel("access-changes");
    for (const table of ["roles", "role_capabilities", "user_roles"])
      channel.on("postgres_changes", { event: "*", schema: "public", table }, (change) => {
        const rows = [change.new, change.old].filter((row): row is Row => Boolean(row));
        if (!rows.some((row) => touchesAccess(table, row, { userId, roleId }))) return;
        // A matrix save is a few statements: one refresh for the burst.
        clearTimeout(timer);
        timer = setTimeout(() => {
          void queryClient.invalidateQueries({ queryKey: accessKeys.all });
          router.refresh();
        }, 150);
      });
    subscribeWithToken(supabase, [[channel, () => undefined]]);
    return () => {
      clearTimeout(timer);
      void supabase.removeChannel(channel);
    };
  }, [supabase, queryClient, router, userId, roleId]);
}
