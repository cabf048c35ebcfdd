/**
 * The service groups' domain patterns in the browser: the database's rule for a valid pattern
 * (valid_domain_patterns, 0003; lib/operations/services/shared.ts checks the same) and which
 * hosts a pattern matches. `*.example.com` matches every subdomain of example.com at any depth,
 * not example.com itself (as BusyBro's hostMatches reads it); any other `*` stands for any run
 * of characters within one label (`api-*.example.com`).
 */
const DOMAIN_PATTERN = /^(\*\.)?([a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?\.)*[a-z0-9*]([a-z0-9*-]{0,61}[a-z0-9*])?$/;

export const normalisePattern = (raw: string) => raw.trim().toLowerCase();

/** Why a pattern is refused, in words; null when the database will take it. */
export function patternProblem(raw: string): string | null {
  const pattern = normalisePattern(raw);
  if (!pattern) return "empty: type a domain like api.example.com or *.example.com";
  if (/^[a-z]+:\/\//.test(pattern)) return "no scheme: write the host only, without https://";
  if (pattern.includes("/")) return "no path: write the host only";
  if (/:\d+$/.test(pattern)) return "no port: write the host only";
  if (pattern.length > 253 || !DOMAIN_PATTERN.test(pattern))
    return "not a domain or wildcard pattern (letters, digits, - and *, labels separated by dots)";
  return null;
}

function patternRegex(pattern: string): RegExp {
  const p = normalisePattern(pattern);
  const label = (text: string) => text.replace(/[.+?^${}()|[\]\\-]/g, "\\$&").replace(/\*/g, "[a-z0-9-]*");
  if (p.startsWith("*.")) {
    const rest = p.slice(2).split(".").map(label).join("\\.");
    return new RegExp(`^(?:[a-z0-9_-]+\\.)+${rest}$`);
  }
  return new RegExp(`^${p.split(".").map(label).join("\\.")}$`);
}

export function hostMatches(pattern: string, host: string): boolean {
  if (patternProblem(pattern)) return false;
  return patternRegex(pattern).test(host.toLowerCase());
}

/** The hosts each pattern matches, in the order the hosts were given (most captured first). */
export function matchesByPattern(patterns: readonly string[], hosts: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pattern of patterns)
    out.set(
      pattern,
      hosts.filter((h) => hostMatches(pattern, h)),
    );
  return out;
}

/** A textarea's lines as patterns: trimmed, lower case, blank lines dropped, duplicates kept once. */
export function parsePatternLines(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map(normalisePattern).filter(Boolean))];
}
