/**
 * CSRF defence for cookie-authenticated POSTs (first-party token, sign-out, consent): the
 * browser says where a request comes from. `Sec-Fetch-Site` (when sent) must be
 * `same-origin`; `Origin` (every browser sends it on POST) must be one of ours. A request
 * with neither header is not from a browser page, and is refused too: these endpoints are
 * only for the dashboard's own pages.
 */
export function isSameOrigin(
  origin: string | null | undefined,
  secFetchSite: string | null | undefined,
  allowedOrigins: readonly string[],
): boolean {
  if (secFetchSite && secFetchSite !== "same-origin") return false;
  if (origin) return allowedOrigins.includes(origin);
  return secFetchSite === "same-origin";
}

/** The origins a request may legitimately come from: the configured app URL and the host it was sent to. */
export function ownOrigins(appUrl: string, requestUrl?: string): string[] {
  const origins = [new URL(appUrl).origin];
  if (requestUrl) {
    const parsed = URL.parse(requestUrl);
    if (parsed && !origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  return origins;
}
