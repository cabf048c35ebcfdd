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
  readonly placeholders: Placeholder[] = [];

  name(base: string, value: string, where: string): string {
    const root = placeholderName(base);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? root : `${root}_${n}`;
      const existing = this.byName.get(candidate);
      if (existing === value) return candidate;
      if (existing === undefined) {
        this.byName.set(candidate, value);
        if (!this.byValue.has(value)) this.byValue.set(value, candidate);
        this.placeholders.push({ name: candidate, where });
        return candidate;
      }
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
