import type { RealtimeChannel, SupabaseClient } from "@supabase/supabase-js";

type SubscribeCallback = Parameters<RealtimeChannel["subscribe"]>[0];

/**
 * Subscribes channels once the socket holds the access token. realtime-js sends a join with
 * whatever token it has when the socket opens; if the `accessToken` callback resolves later (a
 * slow first-party token), the join goes out as `anon` and, when the token lands before the join
 * reply, no `access_token` update follows — postgres_changes then arrive as 401 errors and
 * private channels are refused. Resolving the token first (once for all the channels) closes
 * that race.
 */
export function subscribeWithToken(
  supabase: SupabaseClient,
  subscriptions: readonly (readonly [RealtimeChannel, SubscribeCallback])[],
): void {
  void supabase.realtime
    .setAuth()
    .catch(() => undefined) // realtime-js falls back to the token it had; the join reports any refusal
    .then(() => {
      const registered = supabase.getChannels();
      // Unmounted meanwhile: removeChannel already dropped a channel, and a join now would leak.
      for (const [channel, callback] of subscriptions) if (registered.includes(channel)) channel.subscribe(callback);
    });
}
