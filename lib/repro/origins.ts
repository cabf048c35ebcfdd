import type { Names } from "./naming";
import type { CapturedEntry, Value } from "./types";

/**
 * The captured origins (scheme://host:port), each an environment variable defaulting to the
 * captured one: ORIGIN first, then API_ORIGIN, AUTH_ORIGIN… by host, ORIGIN_2… on loopback.
 */
export class Origins {
  private readonly byOrigin = new Map<string, string>();
  /** Every origin, longest first, to find them inside literals in one pass. */
  private readonly pattern: RegExp | null;
  readonly values: Extract<Value, { kind: "origin" }>[] = [];

  constructor(items: CapturedEntry[], names: Names) {
    for (const { entry } of items) {
      if (!URL.canParse(entry.request.url)) continue;
      const url = new URL(entry.request.url);
      if (this.byOrigin.has(url.origin)) continue;
      const host = url.hostname;
      const label = /^[\d.]+$|^\[|^localhost$/.test(host) ? "" : host.split(".")[0];
      const name = names.take(label && this.byOrigin.size > 0 ? `${label}_ORIGIN` : "ORIGIN", "upper");
      this.byOrigin.set(url.origin, name);
      this.values.push({ kind: "origin", name, default: url.origin });
    }
    const escaped = [...this.byOrigin.keys()]
      .sort((a, b) => b.length - a.length)
      .map((origin) => origin.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
    this.pattern = escaped.length ? new RegExp(`(${escaped.join("|")})`) : null;
  }

  nameOf(url: URL): string | null {
    return this.byOrigin.get(url.origin) ?? null;
  }

  /** A literal cut at each captured origin: text pieces and origin value names. */
  split(text: string): (string | { ref: string })[] {
    if (!this.pattern) return [text];
    return text.split(this.pattern).map((piece, i) => (i % 2 === 0 ? piece : { ref: this.byOrigin.get(piece)! }));
  }
}
