import type { IncomingMessage, ServerResponse } from "node:http";
import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import { serverConfig } from "@/lib/config";
import { supabasePublicConfig } from "./config";
import { sessionCookieOptions } from "./cookie-options";

export interface SessionUser {
  id: string;
  email: string | null;
}

/**
 * The signed-in person of a plain Node request (the OAuth interactions run in the custom
 * server, outside Next), checked with the Auth server (`getUser`). A refreshed session's
 * cookies are appended to `res`, to go out with whatever it answers.
 */
export async function sessionUserOf(req: IncomingMessage, res: ServerResponse): Promise<SessionUser | null> {
  const { url, publishableKey } = supabasePublicConfig();
  const supabase = createServerClient(url, publishableKey, {
    cookieOptions: sessionCookieOptions(serverConfig().appUrl),
    cookies: {
      getAll: () =>
        parseCookieHeader(req.headers.cookie ?? "").map(({ name, value }) => ({ name, value: value ?? "" })),
      setAll(list) {
        for (const { name, value, options } of list)
          res.appendHeader("Set-Cookie", serializeCookieHeader(name, value, options));
      },
    },
  });
  const { data, error } = await supabase.auth.getUser();
  if (error || !data.user) return null;
  return { id: data.user.id, email: data.user.email ?? null };
}
