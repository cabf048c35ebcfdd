import { utf8ByteLength } from "@/lib/capture/bytes";
import { base64ToBytes, bytesToText } from "./bytes";
import {
  isSecretHeader,
  isSecretName,
  looksSecret,
  PlaceholderRegistry,
  secretSpans,
  type Placeholder,
} from "@/lib/secrets/detect";
import type { TrafficLogEntry } from "@/lib/capture/traffic-log-entry";

/**
 * Copy as cURL: a captured request as a command that sends it again. With placeholders, every
 * credential (see ./secrets) becomes a named shell variable — `"$AUTHORIZATION"` — so the
 * command can be shared as is and run after `export AUTHORIZATION=…`; the list of names comes
 * back beside it. Arguments are single-quoted, variables double-quoted: nothing in a captured
 * value can run as shell.
 */

type CapturedRequest = TrafficLogEntry["request"];
export type SecretHandling = "keep" | "placeholders";

/** A piece of one shell word: literal text, or a variable reference. */
type Part = string | { variable: string };

export interface CurlCommand {
  command: string;
  placeholders: Placeholder[];
}

/** Binary bodies up to this size are inlined through printf; larger ones are left out (and said so). */
const MAX_INLINE_BINARY = 64 * 1024;

function renderWord(parts: Part[]): string {
  let out = "";
  let literal = "";
  const flush = () => {
    if (literal) out += `'${literal.replaceAll("'", `'\\''`)}'`;
    literal = "";
  };
  for (const part of parts) {
    if (typeof part === "string") literal += part;
    else {
      flush();
      out += `"$${part.variable}"`;
    }
  }
  flush();
  return out || "''";
}

/** Copies of a secret shorter than this are left alone elsewhere ("dark" as a cookie is not a secret in a URL). */
const MIN_PROPAGATED_SECRET = 6;

class Redactor {
  readonly registry = new PlaceholderRegistry();
  constructor(readonly enabled: boolean) {}

  /** Replaces every further copy of a known secret in the literal text of a word. */
  everywhere(parts: Part[]): Part[] {
    const secrets = this.registry.secrets().filter(([, value]) => value.length >= MIN_PROPAGATED_SECRET);
    if (!this.enabled || secrets.length === 0) return parts;
    let out = parts;
    for (const [name, value] of secrets) {
      out = out.flatMap((part) => {
        if (typeof part !== "string" || !part.includes(value)) return [part];
        return part.split(value).flatMap((piece, i) => (i === 0 ? [piece] : [{ variable: name }, piece]));
      });
    }
    return out;
  }

  variable(base: string, value: string, where: string): Part {
    return { variable: this.registry.name(base, value, where) };
  }

  /** Text with only its secret-looking spans replaced. */
  spans(text: string, base: string, where: string): Part[] {
    if (!this.enabled) return [text];
    const parts: Part[] = [];
    let at = 0;
    for (const span of secretSpans(text)) {
      parts.push(text.slice(at, span.start), this.variable(base, text.slice(span.start, span.end), where));
      at = span.end;
    }
    parts.push(text.slice(at));
    return parts;
  }

  /** `a=1&token=x` (a query string or a form body), values of secret names replaced. */
  pairs(raw: string, prefix: string, where: string): Part[] {
    if (!this.enabled) return [raw];
    const parts: Part[] = [];
    raw.split("&").forEach((pair, i) => {
      if (i > 0) parts.push("&");
      const eq = pair.indexOf("=");
      const name = decodeLoosely(eq === -1 ? pair : pair.slice(0, eq));
      const value = eq === -1 ? "" : pair.slice(eq + 1);
      if (eq !== -1 && value && (isSecretName(name) || looksSecret(decodeLoosely(value)))) {
        parts.push(pair.slice(0, eq + 1), this.variable(`${prefix}${name}`, value, `${where} ${name}`));
      } else parts.push(...this.spans(pair, `${prefix}${name || "value"}`, `${where} ${name}`));
    });
    return parts;
  }
}

function decodeLoosely(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}

function urlParts(url: string, redactor: Redactor): Part[] {
  const withoutFragment = url.split("#")[0];
  const q = withoutFragment.indexOf("?");
  if (q === -1) return redactor.spans(withoutFragment, "URL_TOKEN", "URL");
  return [
    ...redactor.spans(withoutFragment.slice(0, q + 1), "URL_TOKEN", "URL path"),
    ...redactor.pairs(withoutFragment.slice(q + 1), "", "query"),
  ];
}

function headerParts(name: string, value: string, redactor: Redactor): Part[] {
  const lower = name.toLowerCase();
  if (!redactor.enabled) return [`${name}: ${value}`];
  if (lower === "authorization" || lower === "proxy-authorization") {
    const scheme = /^([A-Za-z][A-Za-z0-9-]*)\s+(\S.*)$/.exec(value);
    return scheme
      ? [`${name}: ${scheme[1]} `, redactor.variable(name, scheme[2], `header ${name}`)]
      : [`${name}: `, redactor.variable(name, value, `header ${name}`)];
  }
  if (lower === "cookie") {
    const parts: Part[] = [`${name}: `];
    value.split(/;\s*/).forEach((cookie, i) => {
      if (i > 0) parts.push("; ");
      const eq = cookie.indexOf("=");
      if (eq === -1) parts.push(cookie);
      else
        parts.push(
          cookie.slice(0, eq + 1),
          redactor.variable(`COOKIE_${cookie.slice(0, eq)}`, cookie.slice(eq + 1), `cookie ${cookie.slice(0, eq)}`),
        );
    });
    return parts;
  }
  if (lower === "set-cookie") {
    const match = /^([^=;]+)=([^;]*)(.*)$/.exec(value);
    if (match)
      return [
        `${name}: ${match[1]}=`,
        redactor.variable(`COOKIE_${match[1]}`, match[2], `set-cookie ${match[1]}`),
        match[3],
      ];
  }
  if (isSecretHeader(name)) return [`${name}: `, redactor.variable(name, value, `header ${name}`)];
  return [`${name}: `, ...redactor.spans(value, name, `header ${name}`)];
}

/** Marks secret strings in parsed JSON with indexes, then splits the serialised text at them. */
function jsonParts(text: string, redactor: Redactor): Part[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const secrets: Part[] = [];
  const mark = (secret: string, base: string, where: string) => {
    secrets.push(redactor.variable(base, secret, where));
    return `\u0001${secrets.length - 1}\u0001`;
  };
  const walk = (node: unknown, key: string): unknown => {
    if (typeof node === "string") {
      if (isSecretName(key) && node !== "") return mark(node, key, `JSON body ${key}`);
      return looksSecret(node) ? mark(node, key || "BODY_TOKEN", `JSON body ${key || "value"}`) : node;
    }
    if (Array.isArray(node)) return node.map((item) => walk(item, key));
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v, k)]));
    return node;
  };
  const marked = walk(value, "");
  if (secrets.length === 0) return [text];
  // JSON.stringify writes the control character as the six characters \u0001.
  return JSON.stringify(marked)
    .split(/\\u0001(\d+)\\u0001/)
    .map((piece, i) => (i % 2 === 0 ? piece : secrets[Number(piece)]));
}

const isForm = (mime: string) => mime.includes("application/x-www-form-urlencoded");
const isJson = (mime: string, text: string) => /[/+]json\b/.test(mime) || (!mime && /^\s*[[{]/.test(text));

/** One argument line of the command: an option and its value's parts (or a bare option). */
interface Arg {
  option: string;
  value?: Part[];
}

interface BodyArgs {
  lines: Arg[];
  /** printf … | for a binary body, so NUL bytes survive the shell. */
  pipeFrom?: string;
  notes: string[];
}

function octalEscape(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    out +=
      byte >= 0x20 && byte < 0x7f && ch !== "\\" && ch !== "%" && ch !== "'"
        ? ch
        : `\\${byte.toString(8).padStart(3, "0")}`;
  }
  return out;
}

function bodyArgs(body: NonNullable<CapturedRequest["body"]>, contentType: string, redactor: Redactor): BodyArgs {
  const notes: string[] = [];
  let text: string | null = body.content;
  let bytes: Uint8Array | null = null;
  if (body.encoding === "base64") {
    bytes = base64ToBytes(body.content);
    text = bytesToText(bytes);
  }
  if (body.truncated) {
    const kept = bytes ? bytes.length : utf8ByteLength(body.content);
    notes.push(
      `# The captured body was truncated (${kept} of ${body.size} bytes kept): this command sends only the captured part.`,
    );
  }
  if (text === null && bytes) {
    if (bytes.length > MAX_INLINE_BINARY) {
      notes.push(
        `# A binary body of ${bytes.length} bytes is left out: save it to body.bin and add --data-binary @body.bin`,
      );
      return { lines: [], notes };
    }
    return { lines: [{ option: "--data-binary @-" }], pipeFrom: `printf '${octalEscape(bytes)}'`, notes };
  }
  const mime = (body.mimeType ?? contentType).toLowerCase();
  const content = text ?? "";
  const parts = redactor.enabled
    ? isForm(mime)
      ? redactor.pairs(content, "FORM_", "form field")
      : isJson(mime, content)
        ? (jsonParts(content, redactor) ?? redactor.spans(content, "BODY_TOKEN", "body"))
        : redactor.spans(content, "BODY_TOKEN", "body")
    : [content];
  return { lines: [{ option: "--data-raw", value: parts }], notes };
}

/** Headers curl writes itself, or that describe the captured connection rather than the request. */
const DROPPED_HEADERS = new Set([
  "content-length",
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "te",
  "upgrade",
  "proxy-connection",
]);

export function toCurl(request: CapturedRequest, { secrets }: { secrets: SecretHandling }): CurlCommand {
  const redactor = new Redactor(secrets === "placeholders");
  const args: Arg[] = [{ option: "curl", value: urlParts(request.url, redactor) }];
  const hasBody = Boolean(request.body?.content);
  if (request.method === "HEAD") args.push({ option: "--head" });
  else if (!(request.method === "GET" && !hasBody) && !(request.method === "POST" && hasBody))
    args.push({ option: `-X ${request.method}` });

  let compressed = false;
  let contentType = "";
  const headers = request.headers.filter((h) => !h.name.startsWith(":") && !DROPPED_HEADERS.has(h.name.toLowerCase()));
  for (const header of headers) {
    const lower = header.name.toLowerCase();
    // curl asks for and decodes compressed responses itself; a raw accept-encoding would print bytes.
    if (lower === "accept-encoding") {
      compressed = true;
      continue;
    }
    if (lower === "content-type") contentType = header.value;
    args.push({ option: "-H", value: headerParts(header.name, header.value, redactor) });
  }
  // Captures that keep cookies only in the parsed list (HAR imports) still send them.
  if (request.cookies?.length && !headers.some((h) => h.name.toLowerCase() === "cookie")) {
    args.push({
      option: "-H",
      value: headerParts("Cookie", request.cookies.map((c) => `${c.name}=${c.value}`).join("; "), redactor),
    });
  }

  const body = hasBody && request.body ? bodyArgs(request.body, contentType, redactor) : { lines: [], notes: [] };
  args.push(...body.lines);
  if (compressed) args.push({ option: "--compressed" });

  // Rendered last, when every secret is known, so a copy of one elsewhere is hidden too.
  const curl = args
    .map((arg) => (arg.value ? `${arg.option} ${renderWord(redactor.everywhere(arg.value))}` : arg.option))
    .join(" \\\n  ");
  const command = [...body.notes, body.pipeFrom ? `${body.pipeFrom} | ${curl}` : curl].join("\n");
  return { command, placeholders: redactor.registry.placeholders };
}
