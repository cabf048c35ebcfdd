"use client";

import { createBrowserClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";

/**
 * The browser's Supabase Auth client (session cookies via document.cookie). The dashboard
 * reads data with the Busymate access token instead (lib/browser), so this is for Auth only.
 * The URL and key come from the server at run time.
 */
export function createSupabaseBrowserClient(url: string, publishableKey: string): SupabaseClient {
  return createBrowserClient(url, publishableKey);
}
