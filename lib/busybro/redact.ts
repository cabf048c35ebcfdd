import { isSecretName, placeholderName, secretSpans } from "@/lib/secrets/detect";

/** Keeps captured secrets from the model provider (a third party) and from answers. */
export interface Redactor {
  /** A tool result with every secret replaced by a named placeholder ({{AUTHORIZATION}}). */
  redact(value: unknown): Promise<unknown>;
  /** Text with every secret seen so far replaced by its placeholder. */
  scrub(text: string): string;
}

/** Copies of a secret shorter than this are left alone elsewhere. */
const MIN_SCRUBBED = 6;

/**
 * One redactor per question: the same secret gets the same placeholder in every tool result,
 * and the answer is scrubbed of any secret a tool result carried. Placeholders that are already
 * in a result (get_entry's and build_repro's own) stay as they are.
 */
export function createRedactor(): Redactor {
  const names = new Map<string, string>();
  const used = new Set<string>();
  const nameFor = (base: string, value: string) => {
    const known = names.get(value);
    if (known) return known;
    const stem = placeholderName(base);
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}_${n}`;
    used.add(name);
    names.set(value, name);
    return name;
  };
  const placeholder = (base: string, value: string) => `{{${nameFor(base, value)}}}`;

  const text = (value: string, key: string): string => {
    if (/^\{\{[A-Z0-9_]+\}\}$/.test(value)) return value;
    if (key && isSecretName(key) && value) return placeholder(key, value);
    let out = "";
    let at = 0;
    for (const span of secretSpans(value)) {
      out += value.slice(at, span.start) + placeholder(key || "secret", value.slice(span.start, span.end));
      at = span.end;
    }
    return out + value.slice(at);
  };
  const walk = (node: unknown, key: string): unknown => {
    if (typeof node === "string") return text(node, key);
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  const scrub = (value: string) => {
    let out = value;
    const secrets = [...names.keys()].filter((s) => s.length >= MIN_SCRUBBED).sort((a, b) => b.length - a.length);
    for (const secret of secrets) out = out.split(secret).join(`{{${names.get(secret)}}}`);
    return out;
  };
  return {
    async redact(value) {
      // A second pass hides further copies of a secret found once (a token echoed in a body).
      const first = walk(value, "");
      return JSON.parse(scrub(JSON.stringify(first)));
    },
    scrub,
  };
}
