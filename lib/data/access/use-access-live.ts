"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { subscribeWithToken } from "@/lib/browser/realtime";
import type { SupabaseClient } from "@/lib/browser/supabase";
import { accessKeys } from "./index";

/**
 * A role change applies at once in the database (it reads the role per call); this makes the
 * open page show it at once too: on any change to roles, their capabilities or the person's
 * assignment, the access query is read again and the server components re-render (guards,
 * navigation, edit controls).
 */
export function useAccessLive(supabase: SupabaseClient): void {
  const queryClient = useQueryClient();
  const router = useRouter();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A matrix save is a few statements: one refresh for the burst.
    const changed = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        void queryClient.invalidateQueries({ queryKey: accessKeys.all });
        void queryClient.invalidateQueries({ queryKey: ["roles"] });
        router.refresh();
      }, 150);
    };
    const channel = supabase.channel("access-changes");
    for (const table of ["roles", "role_capabilities", "user_roles"])
      channel.on("postgres_changes", { event: "*", schema: "public", table }, changed);
    subscribeWithToken(supabase, [[channel, () => undefined]]);
    return () => {
      clearTimeout(timer);
      void supabase.removeChannel(channel);
    };
  }, [supabase, queryClient, router]);
}
