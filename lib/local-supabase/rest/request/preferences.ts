/**
 * The `Prefer` header (PostgREST's `ApiRequest/Preferences.hs`): comma-separated values
 * across one or more headers; the first recognised value of each kind wins; unknown ones are
 * ignored unless `handling=strict` (then PGRST122).
 */
export interface Preferences {
  resolution?: "merge-duplicates" | "ignore-duplicates";
  representation?: "full" | "minimal" | "headers-only";
  count?: "exact" | "planned" | "estimated";
  missing?: "default" | "null";
  handling?: "strict" | "lenient";
  timezone?: string;
  maxAffected?: number;
  invalid: string[];
}

const KNOWN: Record<string, Partial<Preferences>> = {
  "resolution=merge-duplicates": { resolution: "merge-duplicates" },
  "resolution=ignore-duplicates": { resolution: "ignore-duplicates" },
  "return=representation": { representation: "full" },
  "return=minimal": { representation: "minimal" },
  "return=headers-only": { representation: "headers-only" },
  "count=exact": { count: "exact" },
  "count=planned": { count: "planned" },
  "count=estimated": { count: "estimated" },
  "missing=default": { missing: "default" },
  "missing=null": { missing: "null" },
  "handling=strict": { handling: "strict" },
  "handling=lenient": { handling: "lenient" },
  // Accepted but without effect: the stand-in always commits (db-tx-end=commit, as Supabase).
  "tx=commit": {},
  "tx=rollback": {},
};

export function parsePreferences(headerValue: string | string[] | undefined): Preferences {
  const values = (Array.isArray(headerValue) ? headerValue : headerValue ? [headerValue] : [])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim());
  const prefs: Preferences = { invalid: [] };
  for (const value of values) {
    const known = KNOWN[value];
    if (known) {
      for (const [key, setting] of Object.entries(known) as [keyof Preferences, never][]) prefs[key] ??= setting;
    } else if (value.startsWith("timezone=")) {
      prefs.timezone ??= value.slice("timezone=".length);
    } else if (value.startsWith("max-affected=")) {
      const n = Number(value.slice("max-affected=".length));
      if (Number.isInteger(n)) prefs.maxAffected ??= n;
    } else if (value) {
      prefs.invalid.push(value);
    }
  }
  return prefs;
}

/** `Preference-Applied`, in PostgREST's order, with what this request actually honoured. */
export function appliedHeader(prefs: Partial<Preferences>): string | undefined {
  const names: Record<string, string> = {
    full: "return=representation",
    minimal: "return=minimal",
    "headers-only": "return=headers-only",
  };
  const parts = [
    prefs.resolution && `resolution=${prefs.resolution}`,
    prefs.missing && `missing=${prefs.missing}`,
    prefs.representation && names[prefs.representation],
    prefs.count && `count=${prefs.count}`,
    prefs.handling && `handling=${prefs.handling}`,
    prefs.timezone && `timezone=${prefs.timezone}`,
    prefs.handling === "strict" && prefs.maxAffected !== undefined && `max-affected=${prefs.maxAffected}`,
  ].filter((part): part is string => typeof part === "string");
  return parts.length ? parts.join(", ") : undefined;
}
