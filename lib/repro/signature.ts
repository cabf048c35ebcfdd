import type { CapturedEntry, SignatureSpec } from "./types";

/**
 * A request signature the service states when it refuses an unsigned or badly signed request:
 * a 401/400 whose JSON body holds an object with an algorithm, the header to put the signature
 * in, and the string to sign (`{"signature": {"algorithm": "HMAC-SHA256", "header":
 * "X-Signature", "encoding": "hex", "string_to_sign": "{method}\n{path}\n{header:X-Timestamp}\n{body_sha256}"}}`),
 * or a `WWW-Authenticate: HMAC-SHA256 header="…", string-to-sign="…"` challenge with the same
 * parameters. Nothing here guesses a scheme the service did not state.
 */

const TOKEN = /\{(?:method|path|pathname|query|host|body|body_sha256|timestamp|nonce|header:[A-Za-z0-9-]+)\}/;

function algorithmOf(text: string): SignatureSpec["algorithm"] | null {
  const match = /sha-?(1|256|512)\b/i.exec(text);
  return match ? (`sha${match[1]}` as SignatureSpec["algorithm"]) : null;
}

function fromFields(fields: Record<string, unknown>): Omit<SignatureSpec, "secret"> | null {
  const get = (pattern: RegExp) => {
    for (const [key, value] of Object.entries(fields)) if (pattern.test(key) && typeof value === "string") return value;
    return undefined;
  };
  const template = get(/string.?to.?sign|canonical|signing.?string|format/i);
  const algorithm = algorithmOf(get(/alg/i) ?? "");
  const header = get(/^(?:signature.?)?header$/i);
  if (!template || !TOKEN.test(template) || !algorithm || !header) return null;
  const encoding = /base64/i.test(get(/encoding|digest/i) ?? "") ? "base64" : "hex";
  let normalised = template;
  const timestampHeader = get(/timestamp.?header/i);
  const nonceHeader = get(/nonce.?header/i);
  if (timestampHeader) normalised = normalised.replaceAll("{timestamp}", `{header:${timestampHeader}}`);
  if (nonceHeader) normalised = normalised.replaceAll("{nonce}", `{header:${nonceHeader}}`);
  return { header, algorithm, encoding, template: normalised, prefix: get(/prefix/i) ?? "" };
}

function findInJson(node: unknown): Omit<SignatureSpec, "secret"> | null {
  if (!node || typeof node !== "object") return null;
  if (!Array.isArray(node)) {
    const spec = fromFields(node as Record<string, unknown>);
    if (spec) return spec;
  }
  for (const child of Object.values(node)) {
    const spec = findInJson(child);
    if (spec) return spec;
  }
  return null;
}

function fromChallenge(value: string): Omit<SignatureSpec, "secret"> | null {
  const scheme = /^\s*([A-Za-z0-9-]+)\s+/.exec(value);
  if (!scheme || !algorithmOf(scheme[1])) return null;
  const params: Record<string, unknown> = { algorithm: scheme[1] };
  for (const match of value.matchAll(/([A-Za-z0-9_-]+)="((?:[^"\\]|\\.)*)"/g))
    params[match[1]] = match[2].replace(/\\n/g, "\n").replace(/\\(.)/g, "$1");
  return fromFields(params);
}

/** The signature scheme a refusal in the capture states, if any. */
export function statedSignature(items: CapturedEntry[]): Omit<SignatureSpec, "secret"> | null {
  for (const { entry } of items) {
    const status = entry.response?.status ?? 0;
    if (status !== 401 && status !== 400 && status !== 403) continue;
    for (const h of entry.response?.headers ?? []) {
      if (h.name.toLowerCase() !== "www-authenticate") continue;
      const spec = fromChallenge(h.value);
      if (spec) return spec;
    }
    const body = entry.response?.body;
    if (body?.encoding !== "text") continue;
    try {
      const spec = findInJson(JSON.parse(body.content));
      if (spec) return spec;
    } catch {
      // Not JSON: nothing stated in a form we read.
    }
  }
  return null;
}
