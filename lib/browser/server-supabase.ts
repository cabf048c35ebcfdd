import { createServerClient } from "@supabase/ssr";
import type { SupabaseClient } from "@supabase/supabase-js";
import { cookies } from "next/headers";
import { cache } from "react";
import { serverConfig } from "@/lib/config";
import type { PublicConfig } from "./public-config";

/**
 * The signed-in person on the server, for the dashboard's layout and its prefetches.
 *
 * TEMPORARY SEAM: the identity work owns `lib/supabase` (the @supabase/ssr server client and
 * the session check). Until it lands, this is the same standard @supabase/ssr pattern, kept
 * to the two functions the dashboard needs so switching to `lib/supabase` is a one-file change.
 */
export interface DashboardSession {
  userId: string;
  email: string | null;
  name: string | null;
}

export function publicConfig(): PublicConfig {
  const config = serverConfig();
  return { supabaseUrl: config.NEXT_PUBLIC_SUPABASE_URL, publishableKey: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY };
}

/** A supabase-js client acting as the person whose session cookie came with the request (one per request). */
export const serverSupabase = cache(async (): Promise<SupabaseClient> => {
  const store = await cookies();
  const { supabaseUrl, publishableKey } = publicConfig();
  return createServerClient(supabaseUrl, publishableKey, {
    cookies: {
      getAll: () => store.getAll(),
      setAll(list) {
        // Server Components cannot set cookies; proxy.ts refreshes the session instead.
        try {
          for (const { name, value, options } of list) store.set(name, value, options);
        } catch {}
      },
    },
  });
});

/** The verified session, or null when nobody is signed in. */
export const currentSession = cache(async (): Promise<DashboardSession | null> => {
  const supabase = await serverSupabase();
  const { data, error } = await supabase.auth.getClaims();
  if (error || !data?.claims?.sub) return null;
  const claims = data.claims as { sub: string; email?: string; user_metadata?: { name?: string; full_name?: string } };
  return { userId: claims.sub, email: claims.email ?? null, name: claims.user_metadata?.name ?? claims.user_metadata?.full_name ?? null };
});
