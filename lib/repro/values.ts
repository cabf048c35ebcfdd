import type { Body, TrafficLogEntry } from "@/lib/capture/traffic-log-entry";
import { base64ToBytes, bytesToText } from "@/lib/render/bytes";
import { htmlFields, isSecretName, looksSecret } from "@/lib/secrets/detect";
import type { Source } from "./types";

/**
 * The values a response hands out that a later request may send back: JSON strings, cookies,
 * non-standard headers, a redirect's Location and its parameters, HTML inputs and meta tags.
 */

export interface Produced {
  value: string;
  source: Source;
  /** A short name for the value: its key, cookie, header or field name. */
  label: string;
}

/** Response headers that describe the message rather than hand out a value. */
const ORDINARY_HEADERS = new Set([
  "content-type",
  "content-length",
  "content-encoding",
  "date",
  "server",
  "connection",
  "keep-alive",
  "cache-control",
  "expires",
  "last-modified",
  "etag",
  "vary",
  "pragma",
  "age",
  "via",
  "transfer-encoding",
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "content-security-policy",
  "access-control-allow-origin",
  "access-control-allow-credentials",
  "access-control-allow-headers",
  "access-control-allow-methods",
  "access-control-expose-headers",
  "www-authenticate",
  "set-cookie",
  "location",
  "alt-svc",
]);

export function bodyText(body: Body | undefined): string | null {
  if (!body || !body.content) return null;
  return body.encoding === "base64" ? bytesToText(base64ToBytes(body.content)) : body.content;
}

export function headerValue(headers: { name: string; value: string }[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value;
}

/** Worth carrying forward: long enough not to match by chance, and shaped like a handed-out value. */
export function isCarriable(value: string, key = ""): boolean {
  if (value.length < 8 || value.length > 8192 || /\s/.test(value) || value.includes("://")) return false;
  if (isSecretName(key) || looksSecret(value)) return true;
  if (value.includes(":")) return false;
  // Ids and opaque values mix letters with digits or, random ones, upper with lower case; plain words and host names do not.
  return (
    (/[0-9]/.test(value) && /[A-Za-z]/.test(value)) ||
    (value.length >= 12 && /[a-z]/.test(value) && /[A-Z]/.test(value))
  );
}

function jsonValues(node: unknown, path: (string | number)[], out: Produced[]): void {
  if (typeof node === "string") {
    const key = String(path.findLast((p) => typeof p === "string") ?? "value");
    if (isCarriable(node, key)) out.push({ value: node, source: { from: "json", path }, label: key });
  } else if (Array.isArray(node)) node.forEach((item, i) => jsonValues(item, [...path, i], out));
  else if (node && typeof node === "object")
    for (const [key, value] of Object.entries(node)) jsonValues(value, [...path, key], out);
}

export function setCookies(headers: { name: string; value: string }[]): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== "set-cookie") continue;
    const match = /^\s*([^=;\s]+)\s*=\s*([^;]*)/.exec(h.value);
    if (match && match[2]) out.push({ name: match[1], value: match[2] });
  }
  return out;
}

export function producedValues(entry: TrafficLogEntry): Produced[] {
  const response = entry.response;
  if (!response) return [];
  const out: Produced[] = [];
  for (const cookie of setCookies(response.headers))
    if (cookie.value.length >= 6)
      out.push({ value: cookie.value, source: { from: "cookie", name: cookie.name }, label: cookie.name });
  for (const h of response.headers) {
    const lower = h.name.toLowerCase();
    if (!ORDINARY_HEADERS.has(lower) && isCarriable(h.value, h.name))
      out.push({ value: h.value, source: { from: "header", name: h.name }, label: h.name });
  }
  const location = headerValue(response.headers, "location") ?? response.redirectURL;
  if (location) {
    try {
      const url = new URL(location, entry.request.url);
      out.push({ value: url.href, source: { from: "location" }, label: "redirect" });
      for (const [name, value] of [...url.searchParams, ...new URLSearchParams(url.hash.slice(1))])
        if (value.length >= 6) out.push({ value, source: { from: "location-param", name }, label: name });
    } catch {
      // An unparsable Location hands out nothing we can follow.
    }
  }
  const text = bodyText(response.body);
  if (text) {
    const mime = (response.body?.mimeType ?? headerValue(response.headers, "content-type") ?? "").toLowerCase();
    if (mime.includes("json") || /^\s*[[{]/.test(text)) {
      try {
        jsonValues(JSON.parse(text), [], out);
      } catch {
        // Not JSON after all.
      }
    }
    if (mime.includes("html"))
      for (const field of htmlFields(text))
        if (field.value.length >= 6)
          out.push({
            value: field.value,
            source: { from: "html", kind: field.kind, name: field.name },
            label: field.name,
          });
  }
  return out;
}
