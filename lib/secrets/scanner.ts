import { htmlSecretSpans } from "./html";
import { SecretIndex } from "./index-match";
import { isSecretHeader, isSecretName, URL_HEADERS } from "./names";
import { looksSecret, mergeSpans, secretSpans } from "./patterns";
import { PlaceholderRegistry, type Placeholder } from "./placeholders";

/**
 * The one secret detector every path shares (get_entry, copy as cURL, build_repro): it splits
 * captured text into literal pieces and named secrets, and each caller renders a secret its own
 * way (`{{NAME}}` in a result, `"$NAME"` in a shell word). Pure TypeScript, so it runs in the
 * browser; ./secretlint adds secretlint's rules on the server through `known`.
 */

/** A piece of captured text: literal, or a secret under its placeholder name. */
export type Part = string | { secret: string };

/** Copies of a secret shorter than this are left alone elsewhere ("dark" as a cookie is not a secret in a URL). */
const MIN_PROPAGATED_SECRET = 6;

export function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

const isForm = (mime: string) => mime.includes("application/x-www-form-urlencoded");
const isJson = (mime: string, text: string) => /[/+]json\b/.test(mime) || (!mime && /^\s*[[{]/.test(text));
const isHtml = (mime: string, text: string) =>
  mime.includes("html") || (!mime && /^\s*<(?:!doctype|html)\b/i.test(text));

export class SecretScanner {
  readonly registry = new PlaceholderRegistry();

  constructor(readonly enabled = true) {}

  get placeholders(): Placeholder[] {
    return this.registry.placeholders;
  }

  secret(base: string, value: string, where: string): Part {
    return { secret: this.registry.name(base, value, where) };
  }

  /** A secret found by another rule set (secretlint): hidden by `everywhere` unless already named. */
  known(value: string, base: string, where: string): void {
    if (this.enabled && value && this.registry.nameOf(value) === undefined) this.registry.name(base, value, where);
  }

  /** Text with only its secret-looking spans replaced. */
  spans(text: string, base: string, where: string): Part[] {
    if (!this.enabled) return [text];
    const parts: Part[] = [];
    let at = 0;
    for (const span of secretSpans(text)) {
      parts.push(text.slice(at, span.start), this.secret(base, text.slice(span.start, span.end), where));
      at = span.end;
    }
    parts.push(text.slice(at));
    return parts;
  }

  /** `a=1&token=x` (a query string or a form body): values under secret names, and secret-looking values. */
  pairs(raw: string, prefix: string, where: string): Part[] {
    if (!this.enabled) return [raw];
    const parts: Part[] = [];
    raw.split("&").forEach((pair, i) => {
      if (i > 0) parts.push("&");
      const eq = pair.indexOf("=");
      const name = decodeLoosely(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? "" : pair.slice(eq + 1);
      if (eq !== -1 && value && (isSecretName(name) || looksSecret(decodeLoosely(value)))) {
        parts.push(pair.slice(0, eq + 1), this.secret(`${prefix}${name}`, value, `${where} ${name}`));
      } else if (eq === -1) parts.push(...this.spans(pair, `${prefix}${name || "value"}`, `${where} ${name}`));
      else parts.push(pair.slice(0, eq + 1), ...this.spans(value, `${prefix}${name}`, `${where} ${name}`));
    });
    return parts;
  }

  url(url: string, { keepFragment = true } = {}): Part[] {
    if (!this.enabled) return [url];
    const hash = url.indexOf("#");
    const fragment = hash === -1 ? "" : url.slice(hash);
    const withoutFragment = hash === -1 ? url : url.slice(0, hash);
    const q = withoutFragment.indexOf("?");
    const parts =
      q === -1
        ? this.spans(withoutFragment, "URL_TOKEN", "URL")
        : [
            ...this.spans(withoutFragment.slice(0, q + 1), "URL_TOKEN", "URL path"),
            ...this.pairs(withoutFragment.slice(q + 1), "", "query"),
          ];
    // An implicit-grant redirect carries its tokens in the fragment, shaped like a query string.
    if (keepFragment && fragment) parts.push("#", ...this.pairs(fragment.slice(1), "", "fragment"));
    return parts;
  }

  /** One header's value (the name stays literal). */
  header(name: string, value: string): Part[] {
    if (!this.enabled) return [value];
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "proxy-authorization") {
      const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value);
      return scheme
        ? [`${scheme[1]} `, this.secret(name, scheme[2], `header ${name}`)]
        : [this.secret(name, value, `header ${name}`)];
    }
    if (lower === "cookie") {
      const parts: Part[] = [];
      value.split(/;\s*/).forEach((cookie, i) => {
        if (i > 0) parts.push("; ");
        const eq = cookie.indexOf("=");
        if (eq === -1) parts.push(cookie);
        else
          parts.push(
            cookie.slice(0, eq + 1),
            this.secret(`COOKIE_${cookie.slice(0, eq)}`, cookie.slice(eq + 1), `cookie ${cookie.slice(0, eq)}`),
          );
      });
      return parts;
    }
    if (lower === "set-cookie") {
      const match = /^([^=;]+)=([^;]*)(.*)$/.exec(value);
      if (match)
        return [
          `${match[1]}=`,
          ...(match[2] ? [this.secret(`COOKIE_${match[1]}`, match[2], `set-cookie ${match[1]}`)] : []),
          match[3],
        ];
    }
    if (URL_HEADERS.has(lower)) return this.url(value);
    if (isSecretHeader(name)) return [this.secret(name, value, `header ${name}`)];
    if (looksSecret(value)) return [this.secret(name, value, `header ${name}`)];
    return this.spans(value, name, `header ${name}`);
  }

  /** A body as text: forms by field, JSON by key, HTML by its inputs and meta tags, anything else by look. */
  body(text: string, mimeType: string, where: string): Part[] {
    if (!this.enabled) return [text];
    const mime = mimeType.toLowerCase();
    if (isForm(mime)) return this.pairs(text, "FORM_", `${where} form field`);
    if (isJson(mime, text)) {
      const json = this.json(text, where);
      if (json) return json;
    }
    if (isHtml(mime, text)) return this.html(text, where);
    return this.spans(text, "BODY_TOKEN", where);
  }

  private html(text: string, where: string): Part[] {
    const fields = htmlSecretSpans(text);
    const names = new Map(fields.map((f) => [f.start, f.name]));
    const spans = mergeSpans([...fields, ...secretSpans(text)]);
    const parts: Part[] = [];
    let at = 0;
    for (const span of spans) {
      const name = names.get(span.start);
      parts.push(
        text.slice(at, span.start),
        this.secret(name ?? "BODY_TOKEN", text.slice(span.start, span.end), `${where} HTML ${name ?? "text"}`),
      );
      at = span.end;
    }
    parts.push(text.slice(at));
    return parts;
  }

  /** Marks secret strings in parsed JSON, then splits the serialised text at the marks. */
  private json(text: string, where: string): Part[] | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    const secrets: Part[] = [];
    const mark = (part: Part) => {
      if (typeof part === "string") return part;
      secrets.push(part);
      return `\u0001${secrets.length - 1}\u0001`;
    };
    const walk = (node: unknown, key: string): unknown => {
      if (typeof node === "string") {
        if (key && isSecretName(key) && node !== "") return mark(this.secret(key, node, `${where} JSON ${key}`));
        if (looksSecret(node)) return mark(this.secret(key || "BODY_TOKEN", node, `${where} JSON ${key || "value"}`));
        return this.spans(node, key || "BODY_TOKEN", `${where} JSON ${key || "value"}`)
          .map(mark)
          .join("");
      }
      if (Array.isArray(node)) return node.map((item) => walk(item, key));
      if (node && typeof node === "object")
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
      return node;
    };
    const marked = walk(value, "");
    // Untouched JSON keeps its own formatting.
    if (secrets.length === 0) return [text];
    // JSON.stringify writes the control character as the six characters \u0001.
    return JSON.stringify(marked, null, /\n/.test(text) ? 2 : undefined)
      .split(/\\u0001(\d+)\\u0001/)
      .map((piece, i) => (i % 2 === 0 ? piece : secrets[Number(piece)]));
  }

  private index: SecretIndex<string> | null = null;
  private indexedCount = -1;

  /** Replaces every further copy of a known secret in the literal pieces. Call it last, when every secret is known. */
  everywhere(parts: Part[]): Part[] {
    if (!this.enabled) return parts;
    if (!this.index || this.indexedCount !== this.registry.size) {
      const secrets = this.registry.secrets();
      this.index = new SecretIndex(secrets.filter(([, value]) => value.length >= MIN_PROPAGATED_SECRET));
      this.indexedCount = secrets.length;
    }
    const index = this.index;
    return parts.flatMap((part) =>
      typeof part !== "string"
        ? [part]
        : index.split(part).map((piece) => (typeof piece === "string" ? piece : { secret: piece.name })),
    );
  }
}

/** Parts as text, each secret as `{{NAME}}`. */
export function partsToText(parts: Part[]): string {
  return parts.map((part) => (typeof part === "string" ? part : `{{${part.secret}}}`)).join("");
}
