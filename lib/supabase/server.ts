import "server-only";
import { createServerClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { serverConfig } from "@/lib/config";
import { supabasePublicConfig } from "./config";
import { sessionCookieOptions } from "./cookie-options";

/**
 * A supabase-js client acting as the person whose session cookies came with this request,
 * for Server Components, Server Actions and Route Handlers. Make one per request.
 */
export async function createSupabaseServerClient(): Promise<SupabaseClient> {
  const store = await cookies();
  const { url, publishableKey } = supabasePublicConfig();
  return createServerClient(url, publishableKey, {
    cookieOptions: sessionCookieOptions(serverConfig().appUrl),
    cookies: {
      getAll: () => store.getAll(),
      setAll(list) {
        // Server Components cannot set cookies (proxy.ts refreshes the session for them);
        // Server Actions and Route Handlers can, and do.
        try {
          for (const { name, value, options } of list) store.set(name, value, options);
        } catch {}
      },
    },
  });
}
