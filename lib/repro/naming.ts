import { placeholderName } from "@/lib/secrets/detect";

/** Unique program-value names: upper case for what the person or the program start supplies, lower for step results. */
export class Names {
  private readonly used = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();

  take(base: string, style: "upper" | "lower"): string {
    const root = style === "upper" ? placeholderName(base) : placeholderName(base).toLowerCase();
    for (let n = this.nextSuffix.get(root) ?? 1; ; n++) {
      const candidate = n === 1 ? root : `${root}_${n}`;
      if (!this.used.has(candidate) && !RESERVED.has(candidate)) {
        this.used.add(candidate);
        this.nextSuffix.set(root, n + 1);
        return candidate;
      }
    }
  }
}

/** Names the generated programs use for themselves. */
const RESERVED = new Set(["v", "jar", "res", "env", "send", "take", "sign", "fail", "step", "json", "re", "os", "sys"]);
