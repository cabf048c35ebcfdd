import { AppError, methodNotAllowed, withErrors } from "@/lib/errors/http";
import { isSameOrigin, ownOrigins } from "@/lib/auth/same-origin";
import { serverConfig } from "@/lib/config";
import { SIGN_IN_PATH } from "@/lib/supabase/paths";
import { createSupabaseServerClient } from "@/lib/supabase/server";

/**
 * POST /sign-out (a form, so it works before JavaScript loads): ends this browser's Supabase
 * session, clears its cookies and goes to sign-in. Only our own pages may post it.
 */
export const POST = withErrors(async (request: Request) => {
  if (
    !isSameOrigin(
      request.headers.get("origin"),
      request.headers.get("sec-fetch-site"),
      ownOrigins(serverConfig().appUrl, request.url),
    )
  ) {
    throw new AppError("FORBIDDEN", "Sign-out must be posted from Busymate's own pages.");
  }
  const supabase = await createSupabaseServerClient();
  await supabase.auth.signOut({ scope: "local" });
  return new Response(null, { status: 303, headers: { Location: SIGN_IN_PATH, "Cache-Control": "no-store" } });
});

const onlyPost = () => methodNotAllowed(["POST"]);
export { onlyPost as GET, onlyPost as PUT, onlyPost as PATCH, onlyPost as DELETE };
