/**
 * The response headers every Busymate answer carries, in one place: the custom server sets the
 * base set on every response (Next's pages, the API, OAuth, /first-party-token), and proxy.ts
 * replaces the CSP of a page with the nonce-based one below.
 */

export interface HeaderContext {
  /** The app's public origin (BUSYMATE_APP_URL, else http://HOST:PORT). */
  appUrl: string;
}

/**
 * TLS is the operator's declaration, not the request's: the app sends HSTS and marks cookies
 * Secure when its public URL is https (it is then behind a TLS-terminating proxy, or the URL
 * would be wrong). A client-sent X-Forwarded-Proto is never trusted for it.
 */
export function servedOverTls(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

/**
 * For anything that is not a page (JSON, event streams, the OAuth server's few HTML pages):
 * no scripts, no plugins, never framed. The OAuth pages' one inline <style> is allowed.
 */
export const NON_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export function baseSecurityHeaders({ appUrl }: HeaderContext): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": NON_PAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    // Captured URLs appear in page paths and queries: they never travel to another site.
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
  };
  if (servedOverTls(appUrl)) headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains";
  return headers;
}

export interface PageCspContext {
  nonce: string;
  /** The Supabase URL the browser talks to (REST and Realtime), when not the app's own origin. */
  supabaseUrl: string;
  /** `next dev` needs eval for React's debugging; a production build never gets it. */
  dev: boolean;
}

/**
 * The page CSP: scripts only with this response's nonce ('strict-dynamic' lets Next's loader
 * add its chunks), no inline script, no eval in production. Styles may be inline: React's
 * `style` attributes and the charts set them, and a style cannot run code. No `form-action`:
 * the consent form's POST ends in a redirect to the OAuth client's own redirect URI, which
 * Chromium checks against form-action, and a client-side navigation keeps the CSP of whichever
 * page the tab first loaded, so no per-page exception would hold.
 */
export function pageCsp({ nonce, supabaseUrl, dev }: PageCspContext): string {
  const supabase = new URL(supabaseUrl);
  const socket = `${supabase.protocol === "https:" ? "wss:" : "ws:"}//${supabase.host}`;
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self' ${supabase.origin} ${socket}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ];
  return directives.join("; ");
}

/** 128 random bits, base64: unguessable and new for every page response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
