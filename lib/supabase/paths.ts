/** The sign-in page and where it sends people back to. */
export const SIGN_IN_PATH = "/sign-in";
export const SIGN_OUT_PATH = "/sign-out";
/** Where a sign-in without a `next` lands: the first dashboard section. */
export const DEFAULT_AFTER_SIGN_IN = "/feed";

/**
 * A `next` value made safe to redirect to: a path on this origin only. Anything else
 * (absolute URLs, protocol-relative `//host`, backslash tricks) becomes the default.
 */
const hasControlCharacter = (value: string) => [...value].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.includes("\\") || hasControlCharacter(next))
    return DEFAULT_AFTER_SIGN_IN;
  try {
    const url = new URL(next, "http://busymate.invalid");
    if (url.origin !== "http://busymate.invalid") return DEFAULT_AFTER_SIGN_IN;
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can normalise into a protocol-relative URL: "/.//evil.example" → "//evil.example".
    return path.startsWith("//") ? DEFAULT_AFTER_SIGN_IN : path;
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
}

export function signInPath(returnTo?: string): string {
  return returnTo ? `${SIGN_IN_PATH}?next=${encodeURIComponent(safeNextPath(returnTo))}` : SIGN_IN_PATH;
}
