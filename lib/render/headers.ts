/** Header search in the detail pane: a name or a value containing the term, any case. */
export interface NamedValue {
  name: string;
  value: string;
}

export function filterHeaders<T extends NamedValue>(headers: readonly T[], term: string): T[] {
  const needle = term.trim().toLowerCase();
  if (!needle) return [...headers];
  return headers.filter((h) => h.name.toLowerCase().includes(needle) || h.value.toLowerCase().includes(needle));
}

/** The first value of a header, by name in any case (content-type, for instance). */
export function headerValue(headers: readonly NamedValue[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}
