import "server-only";
import { supabasePublicConfig } from "@/lib/supabase/config";
import { signedInPerson, type SignedInPerson } from "@/lib/supabase/session";
import type { PublicConfig } from "./public-config";

/**
 * The dashboard's server side over `lib/supabase`: the signed-in person (from the Supabase
 * Auth session cookie) and what the browser needs to reach Supabase (Realtime).
 */
export type DashboardSession = SignedInPerson;

export function publicConfig(): PublicConfig {
  const { url, publishableKey } = supabasePublicConfig();
  return { supabaseUrl: url, publishableKey };
}

export const currentSession: () => Promise<DashboardSession | null> = signedInPerson;
