import { errors } from "oidc-provider";

/**
 * What redirect URIs a client may register, on top of oidc-provider's own checks (which
 * already demand exact matching, loopback-only http for native apps, and any port on a
 * loopback redirect for native apps as RFC 8252 §7.3 allows):
 *  - https anywhere;
 *  - http only to a loopback host (the MCP authorization spec: "localhost or https");
 *  - a private-use scheme (`cursor://…`, `com.example.app:/cb`) only for native apps, and
 *    never one a browser would execute or read locally.
 */
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const DANGEROUS_SCHEMES = new Set([
  "javascript:",
  "data:",
  "vbscript:",
  "file:",
  "blob:",
  "about:",
  "filesystem:",
  "ws:",
  "wss:",
]);

export function redirectUriProblem(uri: string, applicationType: string): string | null {
  const url = URL.parse(uri);
  if (!url) return `redirect_uris must be absolute URLs (got "${uri}")`;
  if (url.hash) return "redirect_uris must not contain fragments";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:")
    return LOOPBACK.has(url.hostname) ? null : `redirect_uris may use http only on a loopback host (got "${url.host}")`;
  if (DANGEROUS_SCHEMES.has(url.protocol)) return `redirect_uris must not use the ${url.protocol} scheme`;
  if (applicationType !== "native") return 'a custom-scheme redirect URI needs application_type "native"';
  return null;
}

/**
 * oidc-provider calls `extraClientMetadata.validator` for each listed extra property with
 * the whole client metadata, before its own checks: the hook through which this policy runs.
 */
export const REDIRECT_POLICY_PROPERTY = "busymate_redirect_policy";

export function validateClientMetadata(
  _ctx: unknown,
  key: string,
  _value: unknown,
  metadata: Record<string, unknown>,
): void {
  if (key !== REDIRECT_POLICY_PROPERTY) return;
  const uris = Array.isArray(metadata.redirect_uris) ? (metadata.redirect_uris as unknown[]) : [];
  const applicationType = typeof metadata.application_type === "string" ? metadata.application_type : "web";
  for (const uri of uris) {
    const problem =
      typeof uri === "string" ? redirectUriProblem(uri, applicationType) : "redirect_uris must be strings";
    if (problem) {
      const error = new errors.InvalidRedirectUri();
      error.error_description = problem;
      throw error;
    }
  }
}
