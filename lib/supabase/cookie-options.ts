import type { CookieOptionsWithName } from "@supabase/ssr";
import { servedOverTls } from "@/lib/security/headers";

/**
 * The Supabase session cookies: no script reads them (the browser works with the Busymate
 * access token from POST /first-party-token), so HttpOnly; Lax so a cross-site POST never
 * carries them; Secure whenever the app's public URL is https.
 */
export function sessionCookieOptions(appUrl: string): CookieOptionsWithName {
  return { path: "/", sameSite: "lax", httpOnly: true, secure: servedOverTls(appUrl) };
}
