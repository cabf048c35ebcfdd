import { stripBase64Whitespace } from "@/lib/capture/bytes";

/**
 * Bytes of captured bodies in the browser and on the server alike (no Buffer): base64 to bytes,
 * and bytes to text when they are text.
 */

export function base64ToBytes(base64: string): Uint8Array {
  const clean = stripBase64Whitespace(base64).replace(/-/g, "+").replace(/_/g, "/");
  const padded = clean.length % 4 === 0 ? clean : clean + "=".repeat(4 - (clean.length % 4));
  let binary: string;
  try {
    binary = atob(padded);
  } catch {
    return new Uint8Array();
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The bytes as UTF-8 text, or null when they are binary: invalid UTF-8, or control characters
 * other than whitespace. A multi-byte character cut by truncation at the very end is forgiven.
 */
export function bytesToText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(trimPartialCharacter(bytes));
  } catch {
    return null;
  }
  return /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text) ? null : text;
}

/** Drops a UTF-8 sequence left incomplete at the end (a body cut mid-character). */
function trimPartialCharacter(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const byte = bytes[n - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    if ((byte & 0x80) === 0) return bytes; // ASCII: complete
    const needed = (byte & 0xe0) === 0xc0 ? 2 : (byte & 0xf0) === 0xe0 ? 3 : (byte & 0xf8) === 0xf0 ? 4 : 1;
    return needed > back ? bytes.subarray(0, n - back) : bytes;
  }
  return bytes;
}
