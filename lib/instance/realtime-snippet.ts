/**
 * The Realtime snippet the docs (/llms.txt) show, as one program: seed 002's shape, made to
 * work. supabase-js does not hand `global.headers.Authorization` to Realtime (the join goes
 * out as anon and rows arrive as `new: {}` with "Error 401"), so the token goes in the
 * `accessToken` option; and `await supabase.realtime.setAuth()` before `subscribe()` makes
 * the join carry it even when the socket opens before the token is read (realtime-js sends a
 * join with no token then, and never updates that channel). A test runs this text verbatim.
 */
export function realtimeSnippet(supabaseUrl: string, publishableKey: string): string {
  return `import { createClient } from "@supabase/supabase-js";

const supabase = createClient(${JSON.stringify(supabaseUrl)}, ${JSON.stringify(publishableKey)}, {
  accessToken: async () => process.env.BUSYMATE_TOKEN, // the one OAuth access token
});
await supabase.realtime.setAuth(); // the join must carry the token: set it before subscribing

supabase
  .channel("stats")
  .on("postgres_changes", { event: "UPDATE", schema: "public", table: "service_stats" }, (change) => {
    console.log(JSON.stringify(change.new.snapshot));
  })
  .subscribe((status) => console.error(status));
`;
}
