/**
 * The SSL-proxy domain list (service groups' `ssl_proxy_domains`, validated by
 * valid_domain_patterns in 0003): `example.com` is that host only; `*.example.com` is any
 * host below it at any depth, not example.com itself (as Proxyman and Charles read it); a `*`
 * inside a label (`api-*.example.com`) stands for characters within that one label.
 */
function patternToRegExp(pattern: string): RegExp {
  const lower = pattern.toLowerCase();
  const wildSubdomains = lower.startsWith("*.");
  const rest = wildSubdomains ? lower.slice(2) : lower;
  const body = rest
    .split(".")
    .map((label) =>
      label
        .split("*")
        .map((part) => part.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&"))
        .join("[a-z0-9-]*"),
    )
    .join("\\.");
  return new RegExp(`^${wildSubdomains ? "(?:[a-z0-9-]+\\.)+" : ""}${body}$`);
}

export class DomainMatcher {
  private exact = new Set<string>();
  private patterns: RegExp[] = [];
  private source: string[] = [];

  constructor(patterns: readonly string[] = []) {
    this.set(patterns);
  }

  /** Replaces the list; the proxy consults it per new connection, so this applies live. */
  set(patterns: readonly string[]): void {
    this.source = [...patterns];
    this.exact = new Set(patterns.filter((p) => !p.includes("*")).map((p) => p.toLowerCase()));
    this.patterns = patterns.filter((p) => p.includes("*")).map(patternToRegExp);
  }

  list(): string[] {
    return [...this.source];
  }

  matches(hostname: string | undefined): boolean {
    if (!hostname) return false;
    const host = hostname
      .toLowerCase()
      .replace(/\.$/, "")
      .replace(/^\[|\]$/g, "");
    return this.exact.has(host) || this.patterns.some((pattern) => pattern.test(host));
  }
}
