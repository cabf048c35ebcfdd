/**
 * Credentials by the name they travel under: header names, and query, form, JSON and HTML
 * field names. Errs on the side of replacing: a placeholder too many costs a reader one
 * `export`, a secret too many leaks an account.
 */

/** Headers that carry credentials whatever their value looks like. */
const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-refresh-token",
  "x-csrf-token",
  "x-xsrf-token",
  "x-amz-security-token",
  "x-goog-api-key",
  "x-sentry-auth",
  "x-session-token",
  "x-client-secret",
]);

/** Fragments that make a parameter or key name a credential (matched on the name without separators). */
const SECRET_NAME_PARTS = [
  "password",
  "passwd",
  "secret",
  "token",
  "apikey",
  "accesskey",
  "privatekey",
  "credential",
  "signature",
  "csrf",
  "xsrf",
  "sessionid",
  "cookie",
  "codeverifier",
  "authorization",
];
/** Names that are credentials only as a whole word (a "key", but not a "monkey"). */
const SECRET_NAMES = new Set(["key", "sig", "code", "session", "auth", "pin", "otp", "pwd", "jwt", "assertion", "sid"]);

/** `sentry_key`, `api-key`, `publicKey`: "key" as the last word of a compound name. */
const KEY_SUFFIX = /(?:^|[^A-Za-z])key$|[a-z0-9]Key$/;

/** Names that contain a fragment above but describe a credential rather than hold one. */
const NOT_SECRET_NAMES = new Set(["tokentype", "tokentypehint", "csrfparam", "expiresin"]);

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Headers whose value is a URL: their query string is redacted like a request's (an OAuth `code` in a 302). */
export const URL_HEADERS = new Set(["location", "content-location", "refresh"]);

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || isSecretName(lower);
}

/** A query, form, JSON or HTML field name that names a credential. */
export function isSecretName(name: string): boolean {
  const flat = normalise(name);
  if (NOT_SECRET_NAMES.has(flat)) return false;
  if (SECRET_NAMES.has(flat)) return true;
  if (KEY_SUFFIX.test(name)) return true;
  return SECRET_NAME_PARTS.some((part) => flat.includes(part));
}
