/**
 * Finds every copy of many known secrets in a text in one pass: a map from each secret's first
 * three characters to the secrets that start with them, longest first. A scan of a 1 MB
 * program against two thousand secrets costs one map lookup per character instead of two
 * thousand substring searches.
 */

/** Secrets shorter than this are never searched for (see MIN_PROPAGATED_SECRET). */
const PREFIX = 3;

const keyAt = (text: string, i: number) =>
  text.charCodeAt(i) * 4_294_967_296 + text.charCodeAt(i + 1) * 65_536 + text.charCodeAt(i + 2);

export class SecretIndex<Name> {
  private readonly byPrefix = new Map<number, { value: string; name: Name }[]>();
  readonly size: number;

  constructor(secrets: Iterable<[name: Name, value: string]>) {
    let size = 0;
    for (const [name, value] of secrets) {
      if (value.length < PREFIX) continue;
      const key = keyAt(value, 0);
      const bucket = this.byPrefix.get(key) ?? [];
      bucket.push({ value, name });
      this.byPrefix.set(key, bucket);
      size++;
    }
    for (const bucket of this.byPrefix.values()) bucket.sort((a, b) => b.value.length - a.value.length);
    this.size = size;
  }

  /** The text cut at each copy (leftmost, then longest): literal pieces and the secrets' names. */
  split(text: string): (string | { name: Name })[] {
    if (this.size === 0 || text.length < PREFIX) return [text];
    const out: (string | { name: Name })[] = [];
    let from = 0;
    for (let i = 0; i <= text.length - PREFIX;) {
      const bucket = this.byPrefix.get(keyAt(text, i));
      const hit = bucket?.find((s) => text.startsWith(s.value, i));
      if (!hit) {
        i++;
        continue;
      }
      if (i > from) out.push(text.slice(from, i));
      out.push({ name: hit.name });
      i += hit.value.length;
      from = i;
    }
    if (from < text.length) out.push(text.slice(from));
    return out;
  }
}
