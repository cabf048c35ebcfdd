import type { Span } from "./patterns";

/**
 * Random-looking values: session ids, opaque tokens, signing keys that follow no known
 * format. A value counts when it is one token-shaped run of letters and digits (base64,
 * base64url or hex), long enough, mixes letters and digits within one piece, and its
 * characters are spread like random ones. UUIDs are
 * left alone: they name rows far more often than they grant anything.
 */

const TOKEN_SHAPE = /^[A-Za-z0-9_\-+/=.~]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-f]+$/i;
/** Candidate runs inside free text. */
const RUN = /[A-Za-z0-9_\-+/~]{24,512}={0,2}/g;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export function isHighEntropy(value: string): boolean {
  if (value.length < 20 || value.length > 4096) return false;
  if (!TOKEN_SHAPE.test(value) || UUID.test(value) || value.startsWith("/")) return false;
  // Random runs mix letters and digits inside one piece; "product-name-2026" keeps them apart.
  if (!value.split(/[-_.~+/=]+/).some((piece) => piece.length >= 8 && /[0-9]/.test(piece) && /[A-Za-z]/.test(piece)))
    return false;
  const core = value.replace(/[=]+$/, "");
  if (HEX.test(core)) return core.length >= 32 && shannonEntropy(core) >= 3.3;
  return shannonEntropy(core) >= 3.9;
}

/** High-entropy runs inside free text (a token in an HTML page or a log line). */
export function highEntropySpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(RUN)) {
    if (isHighEntropy(match[0])) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return spans;
}
