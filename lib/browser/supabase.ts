import { createClient, type SupabaseClient as AnySupabaseClient } from "@supabase/supabase-js";
import type { Database } from "@/lib/supabase/database.types";
import type { PublicConfig } from "./public-config";

/**
 * The browser's supabase-js client. It authenticates every REST call and the Realtime socket
 * with the Busymate access token (the `accessToken` callback), not a Supabase Auth session:
 * the dashboard uses exactly the API an integrator with the same role gets.
 */
export function createBrowserSupabase(config: PublicConfig, accessToken: () => Promise<string>): SupabaseClient {
  return createClient<Database>(config.supabaseUrl, config.publishableKey, {
    accessToken,
    realtime: {
      // Heartbeats are how realtime-js notices a dead socket; 15 s keeps the reconnect
      // indicator honest without chatter.
      heartbeatIntervalMs: 15_000,
    },
  });
}

export type SupabaseClient = AnySupabaseClient<Database>;
