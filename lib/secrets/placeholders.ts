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
  private readonly byValue = new Map<string, string>();
  /** `root \0 value` → name, and the next free suffix per root: naming stays linear however many secrets share a root. */
  private readonly byRootValue = new Map<string, string>();
  private readonly nextSuffix = new Map<string, number>();
  readonly placeholders: Placeholder[] = [];

  get size(): number {
    return this.byName.size;
  }

  name(base: string, value: string, where: string): string {
    const root = placeholderName(base);
    const known = this.byRootValue.get(`${root}\u0000${value}`);
    if (known) return known;
    for (let n = this.nextSuffix.get(root) ?? 1; ; n++) {
      const candidate = n === 1 ? root : `${root}_${n}`;
      if (this.byName.has(candidate)) continue;
      this.nextSuffix.set(root, n + 1);
      this.byName.set(candidate, value);
      this.byRootValue.set(`${root}\u0000${value}`, candidate);
      if (!this.byValue.has(value)) this.byValue.set(value, candidate);
      this.placeholders.push({ name: candidate, where });
      return candidate;
    }
  }

  /** The name a value already has, if any. */
  nameOf(value: string): string | undefined {
    return this.byValue.get(value);
  }

  /** Each placeholder's secret, for hiding other copies of it (a cookie value repeated in a form). */
  secrets(): [name: string, value: string][] {
    return [...this.byName.entries()];
  }
}
