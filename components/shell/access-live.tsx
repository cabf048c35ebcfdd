"use client";

import { useSupabase } from "@/lib/browser/providers";
import { useAccessLive } from "@/lib/data/access/use-access-live";

/** Mounted once in the layout: a change to the person's own role shows on the open page at once. */
export function AccessLive({ userId, roleId }: { userId: string; roleId: string | null }) {
  useAccessLive(useSupabase(), { userId, roleId });
  return null;
}
