import { isSecretName } from "./names";
import { isHighEntropy } from "./entropy";
import type { Span } from "./patterns";

/**
 * Values an HTML page hands to the next request: form inputs (a CSRF token in a hidden input)
 * and `<meta name=… content=…>` (Rails' and Laravel's `csrf-token`). The repro builder reads
 * them to carry values forward; redaction hides the secret ones.
 */

export interface HtmlField {
  kind: "input" | "meta";
  name: string;
  /** The value with entities decoded, as a browser would submit it. */
  value: string;
  hidden: boolean;
  /** Where the raw (still entity-encoded) value sits in the page. */
  start: number;
  end: number;
}

const TAG = /<(input|meta)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/g;

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|quot|apos|lt|gt|#39);/gi, (whole, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: "&", quot: '"', apos: "'", lt: "<", gt: ">" }[lower] ?? whole;
  });
}

export function htmlFields(html: string): HtmlField[] {
  const fields: HtmlField[] = [];
  for (const tag of html.matchAll(TAG)) {
    const kind = tag[1].toLowerCase() as HtmlField["kind"];
    const attrsAt = tag.index + 1 + tag[1].length;
    const attrs = new Map<string, { value: string; start: number; end: number }>();
    for (const attr of tag[2].matchAll(ATTRIBUTE)) {
      const raw = attr[2] ?? attr[3] ?? attr[4] ?? "";
      const quoted = attr[2] !== undefined || attr[3] !== undefined;
      const end = attrsAt + attr.index + attr[0].length - (quoted ? 1 : 0);
      attrs.set(attr[1].toLowerCase(), { value: raw, start: end - raw.length, end });
    }
    const name = attrs.get("name") ?? (kind === "meta" ? attrs.get("property") : undefined);
    const value = attrs.get(kind === "input" ? "value" : "content");
    if (!name || !value) continue;
    fields.push({
      kind,
      name: decodeEntities(name.value),
      value: decodeEntities(value.value),
      hidden: kind === "input" && attrs.get("type")?.value.toLowerCase() === "hidden",
      start: value.start,
      end: value.end,
    });
  }
  return fields;
}

/** Is this page field a credential: a secret name, or a hidden input holding a random-looking value. */
export function isSecretField(field: HtmlField): boolean {
  if (!field.value) return false;
  if (isSecretName(field.name)) return true;
  return field.hidden && isHighEntropy(field.value);
}

/** The secret values of a page (CSRF inputs and meta tags), with the field name each travels under. */
export function htmlSecretSpans(html: string): (Span & { name: string })[] {
  return htmlFields(html)
    .filter(isSecretField)
    .map((field) => ({ start: field.start, end: field.end, name: field.name }));
}
