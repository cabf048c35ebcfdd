import type { SupabaseClient } from "@supabase/supabase-js";
import { cache } from "react";
import { supabasePublicConfig } from "@/lib/supabase/config";
import { createSupabaseServerClient } from "@/lib/supabase/server";
import { signedInPerson, type SignedInPerson } from "@/lib/supabase/session";
import type { PublicConfig } from "./public-config";

/**
 * The dashboard's server side of the data layer, over the identity work's `lib/supabase`: the
 * signed-in person, a supabase-js client acting as them (one per request, shared by the
 * layout's and the page's prefetches), and what the browser needs to reach Supabase.
 */
export type DashboardSession = SignedInPerson;

export function publicConfig(): PublicConfig {
  const { url, publishableKey } = supabasePublicConfig();
  return { supabaseUrl: url, publishableKey };
}

export const serverSupabase: () => Promise<SupabaseClient> = cache(createSupabaseServerClient);

export const currentSession: () => Promise<DashboardSession | null> = signedInPerson;
