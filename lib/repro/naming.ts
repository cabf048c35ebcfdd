import { placeholderName } from "@/lib/secrets/detect";

/** Unique program-value names: upper case for what the person or the program start supplies, lower for step results. */
export class Names {
  private readonly used = new Set<string>();

  take(base: string, style: "upper" | "lower"): string {
    const root = style === "upper" ? placeholderName(base) : placeholderName(base).toLowerCase();
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? root : `${root}_${n}`;
      if (!this.used.has(candidate) && !RESERVED.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }
}

/** Names the generated programs use for themselves. */
const RESERVED = new Set(["v", "jar", "res", "env", "send", "take", "sign", "fail", "step", "json", "re", "os", "sys"]);
