/**
 * What counts as a secret in a captured request: credentials by the name they travel under
 * (headers, query and form parameters, JSON keys) and by their look (JWTs, well-known API-key
 * prefixes). Used wherever a capture leaves the dashboard: copy as cURL now, repro scripts and
 * exports later. Errs on the side of replacing: a placeholder too many costs a reader one
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

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || isSecretName(lower);
}

/** A query, form or JSON key that names a credential. */
export function isSecretName(name: string): boolean {
  const flat = normalise(name);
  if (SECRET_NAMES.has(flat)) return true;
  return SECRET_NAME_PARTS.some((part) => flat.includes(part));
}

/** Values that are credentials on sight, wherever they appear. */
const SECRET_VALUE_PATTERNS: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT (header and payload are base64url JSON)
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API key
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bnpm_[A-Za-z0-9]{30,}/g,
];

/** The spans of `text` that look like credentials, in order and not overlapping. */
export function secretSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const pattern of SECRET_VALUE_PATTERNS) {
    for (const match of text.matchAll(pattern)) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

export const looksSecret = (value: string) => secretSpans(value).length > 0;

/** An environment-variable name for a placeholder: upper case, letters, digits, underscores. */
export function placeholderName(base: string): string {
  const name = base
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) return "SECRET";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

export interface Placeholder {
  name: string;
  /** Where the secret was: "header Authorization", "query access_token", "JSON body password". */
  where: string;
}

/**
 * Names placeholders so the same secret always gets the same name and different secrets never
 * share one (SESSION, SESSION_2…). The values stay inside the registry; only names leave it.
 */
export class PlaceholderRegistry {
  private readonly byName = new Map<string, string>();
  readonly placeholders: Placeholder[] = [];

  name(base: string, value: string, where: string): string {
    const root = placeholderName(base);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? root : `${root}_${n}`;
      const existing = this.byName.get(candidate);
      if (existing === value) return candidate;
      if (existing === undefined) {
        this.byName.set(candidate, value);
        this.placeholders.push({ name: candidate, where });
        return candidate;
      }
    }
  }

  /** Each placeholder's secret, for hiding other copies of it (a cookie value repeated in a form). */
  secrets(): [name: string, value: string][] {
    return [...this.byName.entries()];
  }
}
