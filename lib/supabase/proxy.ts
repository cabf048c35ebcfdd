import { createServerClient } from "@supabase/ssr";
import { NextResponse, type NextRequest } from "next/server";
import { serverConfig } from "@/lib/config";
import { newNonce, pageCsp } from "@/lib/security/headers";
import { supabasePublicConfig } from "./config";
import { sessionCookieOptions } from "./cookie-options";
import { signInPath } from "./paths";

/**
 * Paths anyone may open. Everything else is a dashboard page: without a session the proxy
 * sends the person to sign-in and back. (This is the optimistic check only: every page,
 * route handler and server action still checks the caller itself.)
 */
const PUBLIC_PREFIXES = [
  "/sign-in",
  "/sign-out",
  "/first-party-token",
  "/api/",
  "/mcp/",
  "/functions/v1/",
  "/health",
  "/llms.txt",
  "/oauth/",
  "/.well-known/",
  "/interaction/",
  "/_next/",
];

export function isPublicPath(pathname: string): boolean {
  return (
    pathname === "/" ||
    PUBLIC_PREFIXES.some((prefix) => pathname === prefix.replace(/\/$/, "") || pathname.startsWith(prefix))
  );
}

/**
 * The Supabase session refresh every request needs (the @supabase/ssr pattern for Next 16's
 * proxy.ts): the client reads the request's cookies, `getClaims()` refreshes an expired
 * access token with the refresh token, and the new cookies go both onto the request (for the
 * page rendering now) and onto the response (for the browser).
 */
export async function updateSession(request: NextRequest): Promise<NextResponse> {
  const { url, publishableKey } = supabasePublicConfig();
  // Next reads the CSP from the request to put the nonce on its own scripts; pages read x-nonce.
  const nonce = newNonce();
  const csp = pageCsp({ nonce, supabaseUrl: url, dev: process.env.NODE_ENV === "development" });
  request.headers.set("x-nonce", nonce);
  request.headers.set("Content-Security-Policy", csp);
  let response = NextResponse.next({ request });
  const supabase = createServerClient(url, publishableKey, {
    cookieOptions: sessionCookieOptions(serverConfig().appUrl),
    cookies: {
      getAll: () => request.cookies.getAll(),
      setAll(list, headers) {
        for (const { name, value } of list) request.cookies.set(name, value);
        response = NextResponse.next({ request });
        for (const { name, value, options } of list) response.cookies.set(name, value, options);
        // No CDN may cache a response that sets auth cookies.
        for (const [name, value] of Object.entries(headers ?? {})) response.headers.set(name, value);
      },
    },
  });
  // Nothing may run between creating the client and this call (see @supabase/ssr's docs).
  const { data } = await supabase.auth.getClaims();

  const { pathname, search } = request.nextUrl;
  let result = response;
  if (!data?.claims?.sub && !isPublicPath(pathname)) {
    const target = request.nextUrl.clone();
    const [path, query] = signInPath(`${pathname}${search}`).split("?");
    target.pathname = path;
    target.search = query ? `?${query}` : "";
    const redirect = NextResponse.redirect(target);
    // Keep whatever the refresh attempt decided about the cookies (e.g. clearing stale ones).
    for (const cookie of response.cookies.getAll()) redirect.cookies.set(cookie);
    result = redirect;
  }
  // No page may be framed by another site (the consent and sign-in pages above all: clickjacking),
  // and no script runs without this response's nonce.
  result.headers.set("X-Frame-Options", "DENY");
  result.headers.set("Content-Security-Policy", csp);
  return result;
}
