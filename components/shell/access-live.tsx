"use client";

import { useSupabase } from "@/lib/browser/providers";
import { useAccessLive } from "@/lib/data/access/use-access-live";

/** Mounted once in the shell: a role change shows on the open page at once. */
export function AccessLive() {
  useAccessLive(useSupabase());
  return null;
}
