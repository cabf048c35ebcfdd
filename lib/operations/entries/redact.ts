import {
  isSecretHeader,
  isSecretName,
  looksSecret,
  PlaceholderRegistry,
  secretSpans,
  type Placeholder,
} from "@/lib/secrets/detect";

/**
 * Replaces the secrets of a capture (see lib/secrets/detect: credentials by the name they
 * travel under and by their look) with named placeholders, `{{AUTHORIZATION}}`,
 * `{{COOKIE_SESSION}}`, `{{ACCESS_TOKEN}}`… — the same names Copy as cURL uses, so a model can
 * explain a flow or write a repro without ever seeing a credential. The same secret always
 * gets the same name; `finish` hides every further copy of one found elsewhere.
 */

/** Copies of a secret shorter than this are left alone elsewhere (too likely to be ordinary text). */
const MIN_PROPAGATED_SECRET = 6;

export class EntryRedactor {
  private readonly registry = new PlaceholderRegistry();

  constructor(readonly enabled: boolean) {}

  get placeholders(): Placeholder[] {
    return this.registry.placeholders;
  }

  private placeholder(base: string, value: string, where: string): string {
    return `{{${this.registry.name(base, value, where)}}}`;
  }

  /** Only the secret-looking spans of free text. */
  spans(text: string, base: string, where: string): string {
    if (!this.enabled) return text;
    let out = "";
    let at = 0;
    for (const span of secretSpans(text)) {
      out += text.slice(at, span.start) + this.placeholder(base, text.slice(span.start, span.end), where);
      at = span.end;
    }
    return out + text.slice(at);
  }

  /** `a=1&token=x` (a query string or a form body): values under secret names, and secret-looking values. */
  pairs(raw: string, prefix: string, where: string): string {
    if (!this.enabled) return raw;
    return raw
      .split("&")
      .map((pair) => {
        const eq = pair.indexOf("=");
        if (eq === -1) return this.spans(pair, `${prefix}VALUE`, where);
        const name = decodeLoosely(pair.slice(0, eq));
        const value = pair.slice(eq + 1);
        if (value && (isSecretName(name) || looksSecret(decodeLoosely(value))))
          return `${pair.slice(0, eq + 1)}${this.placeholder(`${prefix}${name}`, value, `${where} ${name}`)}`;
        return `${pair.slice(0, eq + 1)}${this.spans(value, `${prefix}${name}`, `${where} ${name}`)}`;
      })
      .join("&");
  }

  url(url: string): string {
    if (!this.enabled) return url;
    const q = url.indexOf("?");
    if (q === -1) return this.spans(url, "URL_TOKEN", "URL");
    return this.spans(url.slice(0, q + 1), "URL_TOKEN", "URL path") + this.pairs(url.slice(q + 1), "", "query");
  }

  header(name: string, value: string): string {
    if (!this.enabled) return value;
    const lower = name.toLowerCase();
    if (lower === "authorization" || lower === "proxy-authorization") {
      const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value);
      return scheme
        ? `${scheme[1]} ${this.placeholder(name, scheme[2], `header ${name}`)}`
        : this.placeholder(name, value, `header ${name}`);
    }
    if (lower === "cookie") {
      return value
        .split(/;\s*/)
        .map((cookie) => {
          const eq = cookie.indexOf("=");
          return eq === -1
            ? cookie
            : `${cookie.slice(0, eq + 1)}${this.placeholder(`COOKIE_${cookie.slice(0, eq)}`, cookie.slice(eq + 1), `cookie ${cookie.slice(0, eq)}`)}`;
        })
        .join("; ");
    }
    if (lower === "set-cookie") {
      const match = /^([^=;]+)=([^;]*)(.*)$/.exec(value);
      if (match)
        return `${match[1]}=${this.placeholder(`COOKIE_${match[1]}`, match[2], `set-cookie ${match[1]}`)}${match[3]}`;
    }
    if (isSecretHeader(name)) return this.placeholder(name, value, `header ${name}`);
    return this.spans(value, name, `header ${name}`);
  }

  /** A body as text: JSON by key, forms by field, anything else by look. */
  body(text: string, mimeType: string, where: string): string {
    if (!this.enabled) return text;
    const mime = mimeType.toLowerCase();
    if (mime.includes("application/x-www-form-urlencoded")) return this.pairs(text, "FORM_", `${where} form field`);
    if (/[/+]json\b/.test(mime) || (!mime && /^\s*[[{]/.test(text))) {
      const json = this.json(text, where);
      if (json !== null) return json;
    }
    return this.spans(text, "BODY_TOKEN", where);
  }

  private json(text: string, where: string): string | null {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return null;
    }
    let found = false;
    const walk = (node: unknown, key: string): unknown => {
      if (typeof node === "string") {
        if (key && isSecretName(key) && node !== "") {
          found = true;
          return this.placeholder(key, node, `${where} JSON ${key}`);
        }
        const replaced = this.spans(node, key || "BODY_TOKEN", `${where} JSON ${key || "value"}`);
        if (replaced !== node) found = true;
        return replaced;
      }
      if (Array.isArray(node)) return node.map((item) => walk(item, key));
      if (node && typeof node === "object")
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
      return node;
    };
    const redacted = walk(value, "");
    // Untouched JSON keeps its own formatting.
    return found ? JSON.stringify(redacted, null, /\n/.test(text) ? 2 : undefined) : text;
  }

  /** Hides every further copy of a secret found anywhere in the capture. Call it last, on every output string. */
  finish(text: string): string {
    if (!this.enabled) return text;
    let out = text;
    for (const [name, value] of this.registry.secrets()) {
      if (value.length >= MIN_PROPAGATED_SECRET && out.includes(value)) out = out.split(value).join(`{{${name}}}`);
    }
    return out;
  }
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
