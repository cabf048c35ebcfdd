import { invalid, type AppError } from "./app-error";

/**
 * Text PostgreSQL cannot store faithfully: NUL (refused in text and jsonb alike) and UTF-16
 * surrogates without their pair (UTF-8 has no encoding for them; node-postgres would write
 * U+FFFD instead, silently changing what was sent).
 */
const NUL = "\u0000";

export function unstorableReason(text: string): string | undefined {
  if (text.includes(NUL)) return "contains a NUL character (\\u0000)";
  if (!text.isWellFormed()) return "contains an unpaired UTF-16 surrogate";
  return undefined;
}

interface Place {
  key: string;
  parent?: Place;
}

const pathOf = (place: Place | undefined): string => {
  const keys: string[] = [];
  for (let at = place; at; at = at.parent) keys.push(at.key);
  return keys.reverse().join(".") || "input";
};

/**
 * The first string (or object key) in `value` that cannot be stored, as the error naming its
 * dotted path; undefined when every string is storable. Walks iteratively, linking each place
 * to its parent: the value may nest deeper than a recursive walk could follow, and copying
 * paths would cost the square of the depth.
 */
export function findUnstorableText(value: unknown): AppError | undefined {
  const stack: [unknown, Place | undefined][] = [[value, undefined]];
  while (stack.length > 0) {
    const [item, place] = stack.pop()!;
    if (typeof item === "string") {
      const reason = unstorableReason(item);
      if (reason) return invalid(pathOf(place), `The value ${reason}.`, "Send text without it.");
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => stack.push([element, { key: String(index), parent: place }]));
    } else if (item !== null && typeof item === "object") {
      for (const [key, element] of Object.entries(item)) {
        const at = { key, parent: place };
        const reason = unstorableReason(key);
        if (reason) return invalid(pathOf(at), `A key ${reason}.`, "Send keys without it.");
        stack.push([element, at]);
      }
    }
  }
  return undefined;
}
