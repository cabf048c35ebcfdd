import { isHighEntropy, highEntropySpans } from "./entropy";

/**
 * Credentials by their look, wherever they appear: JWTs, well-known API-key prefixes, and
 * long random-looking runs (see ./entropy).
 */

export interface Span {
  start: number;
  end: number;
}

const SECRET_VALUE_PATTERNS: RegExp[] = [
  /eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWT (header and payload are base64url JSON)
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe
  /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g, // OpenAI, Anthropic
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bAIza[0-9A-Za-z_-]{20,}/g, // Google API key
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab
  /\bnpm_[A-Za-z0-9]{30,}/g,
];

/** Sorted, overlapping spans joined. */
export function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const span of sorted) {
    const last = merged[merged.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ start: span.start, end: span.end });
  }
  return merged;
}

/** The spans of `text` that look like credentials by a known pattern, in order and not overlapping. */
export function patternSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of SECRET_VALUE_PATTERNS) {
    for (const match of text.matchAll(pattern)) spans.push({ start: match.index, end: match.index + match[0].length });
  }
  return mergeSpans(spans);
}

/** Known patterns and high-entropy runs inside free text. */
export function secretSpans(text: string): Span[] {
  return mergeSpans([...patternSpans(text), ...highEntropySpans(text)]);
}

/** A whole value (a query value, a JSON string, a header) that is a credential by its look. */
export const looksSecret = (value: string) => patternSpans(value).length > 0 || isHighEntropy(value);
