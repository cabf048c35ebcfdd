import { connection } from "next/server";
import { serverConfig } from "@/lib/config";
import { methodNotAllowed, withErrors } from "@/lib/errors/http";

/**
 * GET /api/instance (no token): where a paired device finds this instance's Supabase REST
 * and Realtime and the publishable key they need — all public, the same the dashboard hands
 * every browser — so `busymate pair <code> --server <app URL>` needs only the app's URL.
 */
export const GET = withErrors(async () => {
  await connection();
  const config = serverConfig();
  const supabase = config.NEXT_PUBLIC_SUPABASE_URL.replace(/\/$/, "");
  return Response.json(
    {
      app_url: config.appUrl,
      supabase_url: supabase,
      publishable_key: config.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY,
      pair_endpoint: `${config.appUrl}/api/devices/pair`,
      token_endpoint: `${config.appUrl}/api/devices/token`,
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

const onlyGet = () => methodNotAllowed(["GET"]);
export { onlyGet as POST, onlyGet as PUT, onlyGet as PATCH, onlyGet as DELETE };
