/**
 * Seeded randomness for generated captures. Everything here is driven by one `Random` so a
 * seed reproduces a whole sequence; none of it is fit for secrets.
 */

export type Random = () => number;

/** mulberry32: 32 bits of state, fast, and good enough for realistic-looking test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

export const integer = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

/** A picker over weighted items; the cumulative table is built once, not per draw. */
export function weighted<T>(items: readonly (readonly [T, number])[]): (random: Random) => T {
  const values = items.map(([value]) => value);
  const bounds: number[] = [];
  let total = 0;
  for (const [, weight] of items) bounds.push((total += weight));
  return (random) => {
    const roll = random() * total;
    let i = 0;
    while (i < bounds.length - 1 && roll >= bounds[i]) i++;
    return values[i];
  };
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/** Lower-case hex, 8 characters per draw (a table lookup per byte: this runs a lot). */
export function hex(random: Random, length: number): string {
  let out = "";
  while (out.length < length) {
    const n = (random() * 4294967296) >>> 0;
    out += HEX_PAIRS[n >>> 24] + HEX_PAIRS[(n >>> 16) & 0xff] + HEX_PAIRS[(n >>> 8) & 0xff] + HEX_PAIRS[n & 0xff];
  }
  return out.length === length ? out : out.slice(0, length);
}

/** An RFC 4122 version-4 UUID, so generated ids pass `z.uuid()`. */
export function uuid(random: Random): string {
  const h = hex(random, 32);
  const variant = "89ab"[Math.floor(random() * 4)];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Base64url-looking text, for tokens that should not read as hex. */
export function token(random: Random, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[Math.floor(random() * 62)];
  return out;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The base64 of `groups * 3` random bytes, drawn as characters directly (5 per draw). */
export function base64Bytes(random: Random, groups: number): string {
  let out = "";
  const length = groups * 4;
  while (out.length < length) {
    let n = (random() * 1073741824) >>> 0;
    for (let i = 0; i < 5; i++, n >>>= 6) out += BASE64[n & 63];
  }
  return out.length === length ? out : out.slice(0, length);
}
